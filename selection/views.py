"""Stage 1, locality selection: HQ-only pages (everyone else gets 404). Thin views: validate, call one
service or selector, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from core import imports, spreadsheets
from core.access import hq_view
from core.forms import add_validation_errors
from core.models import ImportJob
from core.reference import source_label
from core.spreadsheets import DECIMAL, INT, TEXT, Sheet, SheetColumn, write_xlsx, xlsx_response
from municipalities import selectors as municipality_selectors
from selection import charts, forms, registry_refresh, scoring, selectors, services
from selection.models import (
    Axis,
    Candidate,
    CandidateStatus,
    Decision,
    ReadinessCriterion,
    ReadinessScore,
    RoundStage,
    RubricCriterion,
    SelectionRound,
)

MAX_SHOWN_ERRORS = 100




def _round(pk):
    return get_object_or_404(SelectionRound, pk=pk)


def _stage_nav(round, current):
    urls = {
        RoundStage.FILTER: ("selection:filter", round.pk), RoundStage.FILES: ("selection:round", round.pk),
        RoundStage.CALL: ("selection:call", round.pk), RoundStage.READINESS: ("selection:readiness", round.pk),
        RoundStage.COMPARISON: ("selection:comparison", round.pk),
        RoundStage.DECISION: ("selection:decision", round.pk),
    }
    return [{"code": code, "label": label, "url": urls[code], "current": code == current,
             "reached": code <= round.stage} for code, label in RoundStage.choices]


def _ctx(round, stage, **extra):
    return {"round": round, "stage_nav": _stage_nav(round, stage), "read_only": round.is_decided, **extra}


# --- rounds -------------------------------------------------------------------------------------
@hq_view("selection.view")
def index(request):
    form = forms.NewRoundForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("selection.manage"):
            raise Http404
        if form.is_valid():
            try:
                round = services.round_create(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, _("The round “%(name)s” was opened.") % {"name": round.name})
                return redirect("selection:filter", pk=round.pk)
    rounds = list(selectors.round_list())
    counts = {}
    for c in Candidate.objects.filter(round__in=rounds).values_list("round_id", "status"):
        counts.setdefault(c[0], {}).setdefault(c[1], 0)
        counts[c[0]][c[1]] += 1
    for r in rounds:
        r.counts = counts.get(r.pk, {})
    return render(request, "selection/index.html", {"rounds": rounds, "form": form,
                                                    "authority_count": selectors.authorities().count()})


@hq_view("selection.view")
def round_detail(request, pk):
    """The round's overview and stage B: the candidate list, with add / focus / drop."""
    round = _round(pk)
    candidates = _with_partners(selectors.candidate_list(round=round))
    form = forms.RoundForm(request.POST or None, instance=round)
    if request.method == "POST":
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in ("name", "description", "stage")}
            try:
                services.round_update(round=round, by=request.user, **data)
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, _("The round was saved."))
                return redirect("selection:round", pk=round.pk)
    history = round.history.select_related("history_user").order_by("-history_date")[:8]
    return render(request, "selection/round.html", _ctx(
        round, RoundStage.FILES, candidates=candidates, form=form, add_form=forms.CandidateAddForm(),
        history=history,
        groups=[(label, [c for c in candidates if c.status == code]) for code, label in CandidateStatus.choices]))


def _with_partners(candidates):
    """Mark each candidate that is an existing partner (`partner`: its initiative's start date, True
    when undated, False when not a partner)."""
    partners = municipality_selectors.active_partners()
    candidates = list(candidates)
    for c in candidates:
        c.partner = (partners[c.municipality_id] or True) if c.municipality_id in partners else False
    return candidates


# --- A: initial filter --------------------------------------------------------------------------
def _filter_data(request, round):
    if request.method == "POST":
        return request.POST
    if any(k in request.GET for k in forms.FilterForm.base_fields):
        return request.GET
    return None


@hq_view("selection.view")
def filter_view(request, pk):
    round = _round(pk)
    data = _filter_data(request, round)
    form = forms.FilterForm(data, initial=round.filter_criteria) if data is not None \
        else forms.FilterForm(initial=round.filter_criteria)
    if data is None:
        criteria = round.filter_criteria
    elif form.is_valid():
        criteria = form.criteria()
    else:
        criteria = None
    if request.method == "POST" and criteria is not None:
        try:
            if "move" in request.POST:
                added = services.candidates_from_filter(round=round, criteria=criteria, by=request.user)
                messages.success(request, _("%(n)s authorities were added to the candidate list.") % {"n": added})
                return redirect("selection:round", pk=round.pk)
            services.round_save_filter(round=round, criteria=criteria, by=request.user)
            messages.success(request, _("The criteria were saved with the round."))
            return redirect("selection:filter", pk=round.pk)
        except ValidationError as exc:
            add_validation_errors(form, exc)
    sort = request.GET.get("sort", "name")
    descending = request.GET.get("dir") == "desc"
    results = list(selectors.authority_filter(criteria, sort=sort, descending=descending)) \
        if criteria is not None else []
    present = set(round.candidates.values_list("municipality_id", flat=True))
    years = selectors.data_years(results)
    partners = municipality_selectors.active_partners()
    context = _ctx(round, RoundStage.FILTER, form=form, results=_result_rows(results, present, partners), sort=sort,
                   descending=descending, sort_columns=_sort_columns(sort, descending, years),
                   sources_note=_sources_note(years), filter_errors=_filter_errors(form))
    template = "selection/filter.html"
    if request.htmx and request.method == "GET":
        template += "#results"
    return render(request, template, context)


def _result_rows(results, present, partners=None):
    """Plain rows for the stage A table: labels and numbers formatted once per value, not per cell
    through template filters (255 rows must render well under 100 ms)."""
    from municipalities.models import MunicipalityKind, PopulationSector

    kinds, sectors = dict(MunicipalityKind.choices), dict(PopulationSector.choices)
    kinds = {k: str(v) for k, v in kinds.items()}
    sectors = {k: str(v) for k, v in sectors.items()}
    dash = "—"
    return [{
        "pk": m.pk, "name": m.name, "candidate": m.pk in present, "kind": kinds.get(m.kind, dash),
        "partner": ((partners or {})[m.pk] or True) if m.pk in (partners or {}) else False,
        "district": m.district_label or dash, "sector": sectors.get(m.sector, dash),
        "population": f"{m.population:,}" if m.population is not None else dash,
        "se": m.socioeconomic_cluster or dash, "per": m.peripherality_cluster or dash,
        "bagrut": f"{m.bagrut:.1f}" if m.bagrut is not None else dash,
    } for m in results]


FILTER_GROUPS = {"se": gettext_noop("Socio-economic cluster (1 = lowest)"),
                 "per": gettext_noop("Peripherality cluster (1 = most peripheral)"),
                 "pop": gettext_noop("Population")}  # translated where shown, _(group)


def _filter_errors(form):
    """The stage A form's errors as sentences for the live results (the fields' own labels are only
    "From" / "To")."""
    if not form.is_bound or not form.errors:
        return []
    out = []
    for name, errors in form.errors.items():
        if name == "__all__":
            out.extend(errors)
            continue
        field = form.fields.get(name)
        group = FILTER_GROUPS.get(name.split("_")[0])
        label = f"{_(group)} · {field.label}" if group else str(field.label if field else name)
        out.extend(f"{label}: {error}" for error in errors)
    return out


def _column_label(label, year):
    return _("%(label)s (%(year)s)") % {"label": label, "year": year} if year else label


def _sources_note(years):
    parts = [(_("population"), years.get("population")), (_("socio-economic index"), years.get("se")),
             (_("peripherality index"), years.get("per")), (_("matriculation"), years.get("bagrut"))]
    dated = ", ".join(f"{label} {year}" for label, year in parts if year)
    if not dated:
        return _("Sources: CBS registry of local authorities and social-mobility indicators.")
    return _("Sources: CBS registry of local authorities and social-mobility indicators (%(years)s).") % {
        "years": dated}


def _sort_columns(sort, descending, years=None):
    years = years or {}
    labels = [("name", _("Authority")), ("kind", _("Status")), ("district", _("District")),
              ("sector", _("Sector")), ("population", _column_label(_("Population"), years.get("population"))),
              ("se", _column_label(_("Socio-economic cluster"), years.get("se"))),
              ("per", _column_label(_("Peripherality cluster"), years.get("per"))),
              ("bagrut", _column_label(_("Matriculation %"), years.get("bagrut")))]
    out = []
    for key, label in labels:
        active = key == sort
        out.append({"key": key, "label": label, "active": active,
                    "next_dir": "asc" if active and descending else ("desc" if active else "asc"),
                    "aria": ("descending" if descending else "ascending") if active else "none",
                    "num": key in ("population", "se", "per", "bagrut")})
    return out


@require_POST
@hq_view("selection.manage")
def candidate_add(request, pk):
    round = _round(pk)
    form = forms.CandidateAddForm(request.POST)
    if form.is_valid():
        try:
            candidate = services.candidate_add(round=round, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("%(name)s was added to the candidates.") % {"name": candidate.municipality})
            return redirect("selection:round", pk=round.pk)
    candidates = _with_partners(selectors.candidate_list(round=round))
    return render(request, "selection/round.html", _ctx(
        round, RoundStage.FILES, candidates=candidates, form=forms.RoundForm(instance=round), add_form=form,
        history=round.history.order_by("-history_date")[:8],
        groups=[(label, [c for c in candidates if c.status == code]) for code, label in CandidateStatus.choices]),
        status=400)


# --- B-F on one candidate: the locality file ----------------------------------------------------
def _candidate(pk):
    return get_object_or_404(Candidate.objects.select_related("round", "municipality"), pk=pk)


def _candidate_page(request, candidate, status=200, **bound):
    my_scores = {s.criterion: s for s in ReadinessScore.objects.filter(candidate=candidate, assessor=request.user)}
    decision = Decision.objects.filter(candidate=candidate).select_related("decided_by", "initiative").first()
    partner_since = services.partner_since(candidate.municipality)
    forms_ = {
        "file_form": forms.LocalityFileForm(instance=candidate),
        "call_form": forms.CallAnswerForm(instance=candidate),
        "checks_form": forms.ChecksForm(instance=candidate),
        "comment_form": forms.CommentForm(initial={"interview_date": timezone.localdate()}),
        "status_form": forms.CandidateStatusForm(initial={"status": candidate.status}),
        "readiness_form": forms.ReadinessForm(initial_scores=my_scores),
        "decision_form": _decision_form(candidate, decision, partner_since),
    }
    forms_.update(bound)
    matrix = selectors.readiness_matrix(round=candidate.round, candidates=[candidate])
    profile = selectors.candidate_profile(candidate=candidate)
    return render(request, "selection/candidate.html", {
        **_ctx(candidate.round, RoundStage.FILES), "candidate": candidate, "m": candidate.municipality,
        "profile": profile, "sources": [source_label(s) for s in sorted({v.source for v in profile})],
        "comments": candidate.comments.select_related("created_by"),
        "readiness": matrix, "decision": decision, "partner_since": partner_since,
        "is_partner": partner_since is not False, **forms_}, status=status)


def _decision_form(candidate, decision, partner_since, data=None):
    """The decision form, with the override reasons it needs: the checks' when fewer than six are
    confirmed, the existing partner's when the authority has an active initiative it did not get
    from this decision."""
    opened_here = decision is not None and decision.initiative_id and not decision.initiative_existed
    initial = {"outcome": decision.outcome, "reason": decision.reason,
               "checks_override_reason": decision.checks_override_reason,
               "partner_override_reason": decision.partner_override_reason} if decision else None
    return forms.DecisionForm(data, initial=initial, checks_confirmed=candidate.checks_confirmed,
                              existing_partner=partner_since is not False and not opened_here)


@hq_view("selection.view")
def candidate_detail(request, pk):
    return _candidate_page(request, _candidate(pk))


def _candidate_post(request, pk, form_key, make_form, save):
    candidate = _candidate(pk)
    form = make_form(candidate)
    if form.is_valid():
        try:
            save(candidate, form)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(reverse("selection:candidate", args=[candidate.pk]) + f"#{form_key}")
    return _candidate_page(request, candidate, status=400, **{form_key: form})


def _model_fields(form):
    return {k: v for k, v in form.cleaned_data.items() if k != "version"}


@require_POST
@hq_view("selection.manage")
def candidate_file(request, pk):
    return _candidate_post(request, pk, "file_form",
                           lambda c: forms.LocalityFileForm(request.POST, instance=Candidate.objects.get(pk=c.pk)),
                           lambda c, f: services.candidate_update(candidate=c, by=request.user, **_model_fields(f)))


@require_POST
@hq_view("selection.manage")
def candidate_call(request, pk):
    return _candidate_post(request, pk, "call_form",
                           lambda c: forms.CallAnswerForm(request.POST, instance=Candidate.objects.get(pk=c.pk)),
                           lambda c, f: services.candidate_update(candidate=c, by=request.user, **_model_fields(f)))


@require_POST
@hq_view("selection.manage")
def candidate_checks(request, pk):
    return _candidate_post(request, pk, "checks_form",
                           lambda c: forms.ChecksForm(request.POST, instance=Candidate.objects.get(pk=c.pk)),
                           lambda c, f: services.candidate_update(candidate=c, by=request.user, **_model_fields(f)))


@require_POST
@hq_view("selection.manage")
def candidate_comment(request, pk):
    return _candidate_post(request, pk, "comment_form", lambda c: forms.CommentForm(request.POST),
                           lambda c, f: services.comment_add(candidate=c, by=request.user, **f.cleaned_data))


@require_POST
@hq_view("selection.manage")
def candidate_status(request, pk):
    def save(candidate, form):
        services.candidate_set_status(candidate=candidate, by=request.user, **form.cleaned_data)
        if candidate.status == CandidateStatus.FOCUS:
            _warn_partner(request, candidate.municipality)

    return _candidate_post(request, pk, "status_form", lambda c: forms.CandidateStatusForm(request.POST), save)


def _warn_partner(request, municipality):
    since = services.partner_since(municipality)
    if since is False:
        return
    if since:
        messages.warning(request, _("%(name)s is already a partner: it has an active initiative since %(year)s. "
                                    "Selecting it needs a reason and keeps that initiative.") % {
            "name": municipality, "year": since.year})
    else:
        messages.warning(request, _("%(name)s is already a partner with an active initiative. Selecting it needs "
                                    "a reason and keeps that initiative.") % {"name": municipality})


@require_POST
@hq_view("selection.manage")
def candidate_readiness(request, pk):
    return _candidate_post(request, pk, "readiness_form", lambda c: forms.ReadinessForm(request.POST),
                           lambda c, f: services.readiness_record(candidate=c, assessor=request.user,
                                                                  scores=f.scores(), by=request.user))


@require_POST
@hq_view("selection.decide")
def candidate_decision(request, pk):
    def make(candidate):
        decision = Decision.objects.filter(candidate=candidate).first()
        return _decision_form(candidate, decision, services.partner_since(candidate.municipality), request.POST)

    return _candidate_post(request, pk, "decision_form", make,
                           lambda c, f: services.decision_record(candidate=c, by=request.user, **f.cleaned_data))


# --- C: call for proposals ----------------------------------------------------------------------
@hq_view("selection.view")
def call_view(request, pk):
    round = _round(pk)
    form = forms.CallForm(request.POST or None, instance=round)
    if request.method == "POST" and form.is_valid():
        try:
            services.call_update(round=round, by=request.user, **_model_fields(form))
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The call for proposals was saved."))
            return redirect("selection:call", pk=round.pk)
    focus = selectors.candidate_list(round=round, statuses=[CandidateStatus.FOCUS])
    return render(request, "selection/call.html", _ctx(round, RoundStage.CALL, form=form, focus=focus, today=timezone.localdate()),
                  status=400 if form.errors else 200)


# --- D: readiness -------------------------------------------------------------------------------
@hq_view("selection.view")
def readiness_view(request, pk):
    round = _round(pk)
    return render(request, "selection/readiness.html", _ctx(
        round, RoundStage.READINESS, matrix=selectors.readiness_matrix(round=round)))


# --- E: rubric and comparison -------------------------------------------------------------------
@hq_view("selection.view")
def rubric_view(request, pk):
    round = _round(pk)
    criteria = list(RubricCriterion.objects.filter(round=round))
    form = forms.RubricForm(request.POST or None, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        try:
            services.rubric_update(round=round, weights=form.weights(), by=request.user)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The rubric weights were saved."))
            return redirect("selection:comparison", pk=round.pk)
    return render(request, "selection/rubric.html", _ctx(round, RoundStage.COMPARISON, form=form),
                  status=400 if form.errors else 200)


def _what_if_weights(request, weights):
    """Weights from ?w_<input>=… (a what-if that is not saved); invalid values are reported."""
    changed, errors = [], []
    for w in weights:
        raw = request.GET.get(f"w_{w.input}")
        if raw in (None, ""):
            changed.append(w)
            continue
        try:
            value = scoring.Decimal(raw)
            if not value.is_finite() or not 0 <= value <= 100:
                raise ValueError
        except (ValueError, ArithmeticError):
            errors.append(_("%(criterion)s: the weight must be a number from 0 to 100.") % {"criterion": w.label})
            changed.append(w)
            continue
        changed.append(scoring.Weight(w.input, w.axis, value, w.label))
    return changed, errors


@hq_view("selection.view")
def comparison_view(request, pk):
    round = _round(pk)
    data = selectors.comparison(round=round)
    ranking, weights, items = data["ranking"], data["weights"], data["items"]
    what_if, what_if_errors = None, []
    if any(k.startswith("w_") for k in request.GET):
        new_weights, what_if_errors = _what_if_weights(request, weights)
        base = {s.key.pk: s.rank for s in ranking}
        what_if = [{"s": s, "was": base[s.key.pk], "delta": base[s.key.pk] - s.rank}
                   for s in scoring.score(items, new_weights)]
    matrix = [{"s": s, "cells": [None if s.values.get(w.input) is None
                                 else (s.values[w.input] * 100).quantize(scoring.Decimal("1")) for w in weights],
               "missing": [labels[i] for i in s.missing]}
              for s in ranking for labels in [{w.input: w.label for w in weights}]]
    context = _ctx(
        round, RoundStage.COMPARISON, ranking=ranking, weights=weights, matrix=matrix,
        sensitivity=scoring.sensitivity(items, weights) if len(items) > 1 else [],
        what_if=what_if, what_if_errors=what_if_errors, input_labels=dict(
            (w.input, w.label) for w in weights),
        chart=charts.chance_risk_chart(ranking),
        check_labels=[Candidate._meta.get_field(f).verbose_name for f in Candidate.CHECK_FIELDS],
    )
    template = "selection/comparison.html"
    if request.htmx and what_if is not None:
        template += "#what-if"
    return render(request, template, context)


@hq_view("selection.view")
def comparison_export(request, pk):
    """E as Excel (core.spreadsheets.write_xlsx): per focus candidate the rank, chance, risk and net,
    each rubric input (0-100) with its axis and weight, the raw figures behind them, each assessor's
    readiness scores and the checks; a second sheet lists every score with its evidence."""
    round = _round(pk)
    data = selectors.comparison(round=round)
    weights, ranking = data["weights"], data["ranking"]
    axes = dict(Axis.choices)
    matrix = selectors.readiness_matrix(round=round, candidates=[s.key for s in ranking])
    assessors = matrix["assessors"]
    scores = {row["candidate"].pk: row["criteria"] for row in matrix["rows"]}
    criteria = ReadinessCriterion.choices
    field = Candidate._meta.get_field
    municipality_field = ranking[0].key.municipality._meta.get_field if ranking else None
    raw = ["population", "socioeconomic_cluster", "socioeconomic_index", "peripherality_cluster",
           "peripherality_index"]
    columns = [SheetColumn(_("Rank"), INT), SheetColumn(_("Authority"), TEXT, 24), SheetColumn(_("CBS code"), TEXT),
               SheetColumn(_("Chance"), DECIMAL, decimal_places=1), SheetColumn(_("Risk"), DECIMAL, decimal_places=1),
               SheetColumn(_("Net"), DECIMAL, decimal_places=1)]
    columns += [SheetColumn(f"{w.label} ({_('weight')} {w.weight}, {axes.get(w.axis, w.axis)})", INT) for w in weights]
    columns += [SheetColumn(capfirst(municipality_field(f).verbose_name) if municipality_field else f,
                            INT if f in ("population",) or f.endswith("cluster") else DECIMAL,
                            decimal_places=None if f.endswith("cluster") or f == "population" else 4) for f in raw]
    columns += [SheetColumn(capfirst(field("recommendation_strength").verbose_name), INT),
                SheetColumn(capfirst(field("opportunity_strength").verbose_name), INT),
                SheetColumn(capfirst(field("call_answered").verbose_name), TEXT)]
    columns += [SheetColumn(f"{label} · {a.get_full_name() or a.username}", INT)
                for code, label in criteria for a in assessors]
    columns += [SheetColumn(field(f).verbose_name, TEXT) for f in Candidate.CHECK_FIELDS] + \
        [SheetColumn(_("Missing inputs"), TEXT, 30)]
    labels = {w.input: w.label for w in weights}
    rows = []
    for s in ranking:
        c, m = s.key, s.key.municipality
        by_criterion = {crit["code"]: crit["cells"] for crit in scores.get(c.pk, [])}
        rows.append(
            [s.rank, str(m), m.cbs_code, s.chance, s.risk, s.net]
            + [_percent(s.values.get(w.input)) for w in weights]
            + [getattr(m, f) for f in raw]
            + [c.recommendation_strength, c.opportunity_strength, _("yes") if c.call_answered else _("no")]
            + [(cell.score if cell else None) for code, _label in criteria
               for cell in by_criterion.get(code, [None] * len(assessors))]
            + [_("yes") if getattr(c, f) else _("no") for f in Candidate.CHECK_FIELDS]
            + [", ".join(str(labels[i]) for i in s.missing)])
    evidence = Sheet(_("Readiness scores"), [
        SheetColumn(_("Authority"), TEXT, 24), SheetColumn(_("CBS code"), TEXT), SheetColumn(_("Criterion"), TEXT, 30),
        SheetColumn(_("Assessor"), TEXT, 20), SheetColumn(_("Score"), INT), SheetColumn(_("Evidence"), TEXT, 60)],
        [[str(row["candidate"].municipality), row["candidate"].municipality.cbs_code, crit["label"],
          cell.assessor.get_full_name() or cell.assessor.username, cell.score, cell.evidence]
         for row in matrix["rows"] for crit in row["criteria"] for cell in crit["cells"] if cell])
    content = write_xlsx([Sheet(_("Comparison"), columns, rows), evidence])
    return xlsx_response(content, f"selection-round-{round.pk}-comparison.xlsx")


def _percent(value):
    """A 0-1 rubric input as the 0-100 the comparison page shows."""
    return None if value is None else int((value * 100).quantize(scoring.Decimal("1")))


# --- F: decision --------------------------------------------------------------------------------
@hq_view("selection.view")
def decision_view(request, pk):
    round = _round(pk)
    if request.method == "POST":
        if not request.user.has_perm("selection.decide"):
            raise Http404
        try:
            services.round_decide(round=round, by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The round was decided. It is now read-only."))
        return redirect("selection:decision", pk=round.pk)
    ranking = {s.key.pk: s for s in selectors.comparison(round=round)["ranking"]}
    focus = list(selectors.candidate_list(round=round, statuses=[CandidateStatus.FOCUS]))
    focus.sort(key=lambda c: ranking[c.pk].rank)
    rows = [{"c": c, "s": ranking[c.pk], "decision": getattr(c, "decision", None)} for c in focus]
    return render(request, "selection/decision.html", _ctx(round, RoundStage.DECISION, rows=rows))


# --- registry refresh (core.spreadsheets / core.imports) ------------------------------------------
SESSION_KEY = "selection_registry_job"


def _registry_job(request):
    pk = request.POST.get("job") or request.session.get(SESSION_KEY)
    job = ImportJob.objects.filter(pk=pk, municipality=None, kind=registry_refresh.KIND).first() \
        if str(pk or "").isdigit() else None
    return job


@hq_view("selection.refresh_registry")
def registry_view(request):
    form = forms.RegistryUploadForm(request.POST or None, request.FILES or None)

    def options(form):
        return {"years": {k: form.cleaned_data[k] for k in form.YEAR_FIELDS},
                "explicit_years": form.explicit_years(), "edition": form.cleaned_data["edition"]}

    step = imports.upload_flow(
        request, form=form, kind=registry_refresh.KIND, session_key=SESSION_KEY, options=options,
        page_url=reverse("selection:registry"), find_job=_registry_job,
        job_url=lambda job: reverse("imports:hq_job", args=[job.pk]),
        success_message=lambda job: _(
            "Registry refreshed: %(new)s new, %(changed)s changed authorities; %(values)s new indicator "
            "values.") % {"new": job.created_count, "changed": job.changed_count,
                          "values": job.summary.get("result", {}).get("result_values", 0)})
    if step.response is not None:
        return step.response
    job, preview = step.job, step.preview
    return render(request, "selection/registry.html", {
        "form": form, "preview": preview, "job": job, "summary": job.summary.get("preview") if job else None,
        "max_errors": MAX_SHOWN_ERRORS, "columns": registry_refresh.SPEC.columns,
        "authority_count": selectors.authorities().count()}, status=400 if form.errors else 200)


@hq_view("selection.view")
def registry_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    if fmt == "csv":
        return spreadsheets.csv_response(spreadsheets.export_csv(registry_refresh.SPEC), "cbs-registry.csv")
    return spreadsheets.xlsx_response(spreadsheets.export_xlsx(registry_refresh.SPEC), "cbs-registry.xlsx")
