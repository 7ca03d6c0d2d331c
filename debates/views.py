from django.db.models import Count, Max, Min
from django.shortcuts import get_object_or_404, render

from .models import Decision, Item, Meeting, Speaker, Statement


def home(request):
    span = Meeting.objects.aggregate(first=Min("date"), last=Max("date"))
    context = {
        "counts": {
            "meetings": Meeting.objects.count(),
            "statements": Statement.objects.count(),
            "decisions": Decision.objects.count(),
            "speakers": Speaker.objects.count(),
        },
        "first": span["first"],
        "last": span["last"],
        "recent_decisions": Decision.objects.select_related("meeting").filter(date__isnull=False)[:8],
    }
    return render(request, "debates/home.html", context)


def meeting_detail(request, slug):
    meeting = get_object_or_404(Meeting.objects.select_related("president"), slug=slug)
    statements = meeting.statements.with_related()
    return render(
        request,
        "debates/meeting_detail.html",
        {"meeting": meeting, "statements": statements, "decisions": meeting.decisions.all()},
    )


def statement_detail(request, pk):
    statement = get_object_or_404(Statement.objects.with_related(), pk=pk)
    return render(request, "debates/statement_detail.html", {"statement": statement})


def speaker_detail(request, slug):
    speaker = get_object_or_404(Speaker, slug=slug)
    statements = speaker.statements.with_related().order_by("-meeting__date", "position")[:50]
    return render(request, "debates/speaker_detail.html", {"speaker": speaker, "statements": statements})


def item_detail(request, slug):
    item = get_object_or_404(Item.objects.select_related("parent"), slug=slug)
    meetings = item.meetings.annotate(n_statements=Count("statements"))
    return render(request, "debates/item_detail.html", {"item": item, "meetings": meetings})


def decision_detail(request, slug):
    decision = get_object_or_404(Decision.objects.select_related("meeting"), slug=slug)
    votes = decision.votes.select_related("speaker")
    return render(request, "debates/decision_detail.html", {"decision": decision, "votes": votes})
