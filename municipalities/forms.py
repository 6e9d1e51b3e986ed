from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, OptimisticLockMixin, StyledFormMixin
from core.roles import Role
from municipalities.models import Initiative, Membership, Person


class InitiativeForm(OptimisticLockMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Initiative
        fields = ["title", "phase", "stage", "status", "start_date", "planned_exit_date", "local_director",
                  "notes"]
        widgets = {"start_date": DateInput(), "planned_exit_date": DateInput(),
                   "notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_director"].queryset = Person.objects.filter(municipality=municipality,
                                                                       is_active=True)


class PersonForm(OptimisticLockMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["full_name", "role_title", "organization_name", "organization", "sector", "email", "phone",
                  "is_active", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class InviteForm(StyledFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        if roles is not None:
            self.fields["role"].choices = roles


class MembershipRoleForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role"]
