from django.urls import path

from mou import views

app_name = "mou"
urlpatterns = [
    path("", views.index, name="index"),
    path("start/", views.start, name="start"),
    path("edit/", views.edit, name="edit"),
    path("submit/", views.submit, name="submit"),
    path("withdraw/", views.withdraw, name="withdraw"),
    path("amend/", views.amend, name="amend"),
    path("versions/", views.versions, name="versions"),
    path("versions/compare/", views.compare, name="compare"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("versions/<int:pk>/pdf/", views.version_pdf, name="version_pdf"),
    path("signatories/", views.signatories, name="signatories"),
    path("signatories/<int:pk>/", views.signatories, name="signatory_edit"),
    path("signatories/<int:pk>/delete/", views.signatory_delete, name="signatory_delete"),
    path("signatories/<int:pk>/sign/", views.sign, name="sign"),
    path("signatories/<int:pk>/paper/", views.sign_paper, name="sign_paper"),
    path("signatures/<int:pk>/scan/", views.signature_scan, name="signature_scan"),
    path("anchors/not-applicable/", views.anchor_exempt, name="anchor_exempt"),
    path("anchors/not-applicable/<int:pk>/delete/", views.anchor_exempt_delete, name="anchor_exempt_delete"),
    path("steps/new/", views.step_edit, name="step_new"),
    path("steps/<int:pk>/", views.step_edit, name="step_edit"),
    path("steps/<int:pk>/delete/", views.step_delete, name="step_delete"),
    path("budget/", views.budget, name="budget"),
    path("budget/export.xlsx", views.budget_export, name="budget_export"),
    path("budget/<int:pk>/", views.budget, name="budget_edit"),
    path("budget/<int:pk>/delete/", views.budget_delete, name="budget_delete"),
    path("template/", views.template_edit, name="template"),
    path("director/", views.director, name="director"),
]
