"""The article of a text dump as one region of lines: :func:`find_article`, and the
passes that run inside the region (:func:`smooth_region`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Block, Removed
from ..passes import Context
from ..rules import Rule, RuleSet
from ..scoring import language_stopwords
from .anchors import folded_words, headline_lines, headline_text, plain_words, slug_words, strong_heads
from .contents import contents_map
from .lines import LABEL_ROLE, SECTION_END_ROLE, prose_sample, rule_hits, score_lines, twins
from .measure import ends_sentence, is_unspaced, units
from .patterns import Span, flags, pattern_spans, skeleton
from .reach import WEAK_REGION_SCORE, contents_start, headline_stretch, pull_to_headline
from .split import renumber
from .title import TITLE_OVERLAP, find_title, headline_near, overlap


@dataclass
class Region:
    """The article :func:`find_article` found in a dump."""

    #: the headline, when the dump starts with one that belongs to the article
    title: str | None
    #: the lines of the region, rule-named lines left out
    blocks: list[Block]
    #: what was cut, in order: the lines a text rule names, then the lines outside the region
    removed: list[Removed]
    #: every line's region score, by position (what the passes inside the region read)
    scores: dict[int, float] = field(default_factory=dict)


def find_article(blocks: list[Block], rules: RuleSet, url: str | None = None) -> Region:
    """Find the article in a dump's line blocks, in named steps:

    1. the language's stopwords, from the dump's longest lines;
    2. the lines a text rule names (:func:`~.lines.rule_hits`);
    3. every line's region score (:func:`~.lines.score_lines`);
    4. the candidate regions (:func:`candidates`): the best runs of scores and the runs
       that start at a headline (:func:`~.anchors.headline_lines`, the URL's slug when a
       ``url`` is given), each ended where an after-article section opens
       (:func:`cut_at_section_end`) and scored as a whole (:func:`region_score`); the best
       one, reaching past its run to the story's headline or contents list (:func:`reach`),
       ended before a paragraph about the author among its closing lines
       (:func:`cut_at_closing_line`);
    5. the headline (:func:`~.title.find_title`; in a dump without the page's title on its
       first line, the slug's headline at the article's top: :func:`~.title.headline_near`),
       and the standfirst before the region
       (:func:`extend_region`);
    6. the region's lines, the rest recorded as removed (:func:`take_region`), and the
       items of the story's contents list (:func:`~.contents.contents_map`) with them.
    """
    blocks = renumber(blocks)
    stopwords = language_stopwords(prose_sample(blocks))
    hits = rule_hits(blocks, rules)
    scores = score_lines(blocks, stopwords, hits)
    heads = headline_lines(blocks, hits, url)
    spans = pattern_spans(blocks, twins(blocks))
    boxes = inline_boxes(blocks, scores, hits, flags(spans, len(blocks)))
    for head in boxes:
        scores[head] = BOX_HEADING_SCORE
    stops = {i: r for i, r in hits.items() if i not in boxes}
    strong = strong_heads(blocks, heads, url)
    found = [shape_candidate(blocks, scores, stops, spans, c) for c in candidates(scores, heads, frozenset(strong[:1]))]
    pattern = flags(spans, len(blocks))
    topic = topic_words(blocks, heads, url, stopwords)
    best = best_candidate(blocks, scores, found, topic, pattern)
    contents = contents_map(blocks)
    best = reach(blocks, scores, hits, strong, contents, best, topic, pattern)
    closing = closing_lines(blocks, rules, stopwords, best)
    barriers = {i for i, r in stops.items() if not r.has_role(LABEL_ROLE) or r.has_role(CLOSING_ROLE)}
    start, end = cut_at_closing_line(scores, closing, barriers, best.start, best.end)
    start, end = cut_at_back_matter(blocks, rules, scores, start, end)
    title = find_title(blocks, hits, (start, end), stopwords)
    start, end = extend_region(blocks, scores, start, end, title)
    start, gap = bridge_standfirst(blocks, scores, stops, heads, start)
    if gap:
        start, end = extend_region(blocks, scores, start, end, title)
    title = title or headline_near(blocks, hits, heads, start)
    kept = [b for b in blocks if b.position not in hits and b.position not in contents and b.position not in gap]
    cut = [Removed(text=b.text, kind=b.kind, rule_id=hits[b.position].id) for b in blocks if b.position in hits]
    crossed = [b for b in blocks if b.position in gap and b.position not in hits]
    cut += [Removed(text=b.text, kind=b.kind, heuristic="standfirst-gap") for b in crossed]
    listed = [b for b in blocks if b.position in contents and b.position not in hits]
    cut += [Removed(text=b.text, kind=b.kind, heuristic="contents") for b in listed]
    body, outside = take_region(kept, scores, start, end)
    return Region(title, body, cut + outside, {b.position: scores[b.position] for b in blocks})


#: the role of rules whose headings also open boxes set inside an article ("See also",
#: "Zobacz także", "Leggi anche" over a link or two): such a heading is crossed when the
#: article's prose resumes right after its box (see :data:`cleaner.rules.ROLES`)
BOX_ROLE = "inline-box"
#: a box holds at least this many lines under its heading (a bare "Read more" over the next
#: paragraph is an expand button, not a box) ...
BOX_MIN_LINES = 1
#: ... and at most this many (a "Most read" box: three teaser titles, their authors, a sub-heading) ...
BOX_MAX_LINES = 8
#: ... and is followed by running prose: its next :data:`BOX_RESUME_LINES` lines, outside
#: any repeating furniture shape, score at least :data:`BOX_RESUME_SCORE` together (their
#: positive scores: a teaser's title and one-line description score less)
BOX_RESUME_LINES = 2
BOX_RESUME_SCORE = 3.0
#: the score of a crossed box heading: neutral (the line itself is still dropped)
BOX_HEADING_SCORE = 0.0


#: a box line may score above zero when it is a link's title: no sentence end, at most
#: this many words (a teaser headline over the box: "Inside the White House, doubts grow")
BOX_TITLE_UNITS = 20


def _box_line(block: Block, score: float) -> bool:
    """A line of a box under its heading: no positive score, or a title (no sentence end)."""
    return score <= 0 or (not ends_sentence(block.text) and units(block.text) <= BOX_TITLE_UNITS)


def inline_boxes(blocks: list[Block], scores: list[float], stops: dict[int, Rule], pattern: list[bool]) -> set[int]:
    """The headings of boxes set inside an article: lines whose rule has the :data:`BOX_ROLE`,
    after a line of positive score, with :data:`BOX_MIN_LINES` to :data:`BOX_MAX_LINES` lines
    of no positive score or of titles (:func:`_box_line`) under them before the article's prose
    resumes (:data:`BOX_RESUME_SCORE`) outside a repeating furniture shape (``pattern``).
    Bounded work per heading."""
    found: set[int] = set()
    for head, rule in stops.items():
        if not rule.has_role(BOX_ROLE) or head == 0 or scores[head - 1] <= 0:
            continue
        for j in range(head + 1, min(head + 2 + BOX_MAX_LINES, len(scores))):
            box = _box_line(blocks[j], scores[j])
            if j in stops or (not box and j - head - 1 < BOX_MIN_LINES):
                break
            if not box:
                resumed = [
                    k for k in range(j, min(j + BOX_RESUME_LINES, len(scores))) if k not in stops and not pattern[k]
                ]
                if sum(max(scores[k], 0.0) for k in resumed) >= BOX_RESUME_SCORE and not _box_repeats(blocks, head, j):
                    found.add(head)
                break
    return found


#: the shape of a box's first line that recurs within this many lines after the box is a
#: list of cards under the heading (a category and a date, a title, a standfirst, again), not
#: a box inside the article
BOX_REPEAT_LINES = 6


def _box_repeats(blocks: list[Block], head: int, resume: int) -> bool:
    """Whether the first line under a box's heading, one holding a number, has its
    :func:`~.patterns.skeleton` again within :data:`BOX_REPEAT_LINES` lines after the prose that resumes at ``resume``
    ("COMPANIES DEC 19, 2025" over a title and a standfirst, then "FEATURES DEC 18, 2025")."""
    first = skeleton(blocks[head + 1].text)
    if "0" not in first:
        return False  # a shape of words alone ("a") recurs everywhere
    return any(skeleton(b.text) == first for b in blocks[resume + 1 : resume + 1 + BOX_REPEAT_LINES])


@dataclass(frozen=True)
class Candidate:
    """A run of lines ``[start, end)`` that may be the article, and the headline it starts under."""

    start: int
    end: int
    #: the position of the headline line the run starts under, or None
    anchor: int | None = None
    #: the first line whose words count for the topic (:func:`topic_share`) when it is not
    #: ``start``: the headline of a candidate cut out of a longer run that holds it
    #: (:func:`inner_headline`), so both are weighed on the same words
    topic_start: int | None = None


#: at most this many best runs of scores are candidates (the best run, then the best of
#: what lies on either side of it, and so on)
TOP_RUNS = 6
#: a run starts under a headline that lies at most this many lines above its first line ...
ANCHOR_GAP = 8
#: ... with no line between them scoring above this (a byline, a dateline, a caption may)
ANCHOR_CLEAR_SCORE = 0.5
#: a candidate that starts under a headline counts this much more
ANCHOR_BONUS = 0.5
#: a candidate none of whose text shares a word with the headline and the URL's slug keeps
#: this share of its score (all of it when all their words recur in it)
TOPIC_FLOOR = 0.35


def top_runs(scores: list[float], k: int = TOP_RUNS) -> list[tuple[int, int]]:
    """Up to ``k`` disjoint runs of positive score sum: the maximum-sum run of the whole
    dump, then, best first, those of the stretches on either side of the runs found."""
    found: list[tuple[float, int, int]] = []
    pending = [(0, len(scores))]
    while pending and len(found) < k:
        best: tuple[float, int, int, int] | None = None  # (sum, start, end, index of the stretch)
        for idx, (lo, hi) in enumerate(pending):
            s, e = main_region(scores[lo:hi])
            if e > s:
                total = sum(scores[lo + s : lo + e])
                if best is None or total > best[0]:
                    best = (total, lo + s, lo + e, idx)
        if best is None:
            break
        total, s, e, idx = best
        lo, hi = pending.pop(idx)
        found.append((total, s, e))
        pending += [(lo, s), (e, hi)]
    return [(s, e) for _, s, e in found]


def anchor_of(scores: list[float], heads: list[int], start: int) -> int | None:
    """The headline line a run starting at ``start`` opens under: the nearest of ``heads``
    at most :data:`ANCHOR_GAP` lines above it with no prose between."""
    for head in sorted((h for h in heads if start - ANCHOR_GAP <= h < start), reverse=True):
        if all(s <= ANCHOR_CLEAR_SCORE for s in scores[head + 1 : start]):
            return head
    return None


def _first_prose(scores: list[float], head: int, end: int) -> int | None:
    """The first line of positive score at most :data:`ANCHOR_GAP` lines under ``head``, before ``end``."""
    return next((i for i in range(head + 1, min(end, head + 1 + ANCHOR_GAP)) if scores[i] > 0), None)


#: a run's lines above a headline inside it are furniture when none scores this much (a
#: paragraph of prose does; an events box's entries, a sidebar's teasers do not) ...
INNER_PREFIX_MAX_SCORE = 1.0
#: ... and at least this many lines of no positive score stand just above the headline (the
#: menu, the breadcrumbs between a box and the story; a section heading follows its prose)
INNER_GAP_LINES = 3


def inner_headline(
    scores: list[float], heads: list[int], start: int, end: int, strong: frozenset[int] = frozenset()
) -> int | None:
    """The best of the ``heads`` lying inside the run ``[start, end)`` past its first line,
    with no paragraph above it in the run (:data:`INNER_PREFIX_MAX_SCORE`) and furniture
    just above it (:data:`INNER_GAP_LINES`): where the story
    opens when the run swallowed furniture above it (an events box, a sidebar's teasers whose
    lines score as prose and carry the sum across the menu between). A slug-like section
    heading inside a long story has the story's paragraphs above it. A head in ``strong``
    (the page's own headline again, :func:`~cleaner.text.anchors.strong_heads`) may have
    paragraphs above it: a sidebar's teaser standfirsts score as prose too."""
    head = next((h for h in heads if start < h < end - 1), None)
    if head is None or head - start < INNER_GAP_LINES:
        return None
    if head not in strong and max(scores[start:head]) >= INNER_PREFIX_MAX_SCORE:
        return None
    if any(s > 0 for s in scores[head - INNER_GAP_LINES : head]):
        return None
    return head


#: a run opening just above a headline is also a candidate from under it when it holds at
#: least this many lines there (one line under a headline at a page's foot is its description)
LEAD_MIN_LINES = 2


def _lead_headline(scores: list[float], heads: list[int], start: int, end: int) -> int | None:
    """A headline among the first :data:`ANCHOR_GAP` lines of the run ``[start, end)``, with
    neither it nor a line above it in the run scoring above :data:`ANCHOR_CLEAR_SCORE`: the
    run opened with a site's tagline over the story's headline. (A "headline" that scores
    as prose is a caption or a paragraph matching the slug.)"""
    for head in sorted(h for h in heads if start < h < min(end - 1, start + ANCHOR_GAP)):
        if all(sc <= ANCHOR_CLEAR_SCORE for sc in scores[start : head + 1]):
            return head
    return None


def candidates(scores: list[float], heads: list[int], strong: frozenset[int] = frozenset()) -> list[Candidate]:
    """The regions that may be the article: the :func:`top_runs` of the scores, each with
    the headline it opens under (:func:`anchor_of`). A run that starts at a headline line
    (one that scores as prose: "Could cannabis oil reverse the effects of cancer?", a CJK
    headline with its comma) opens under it, at its first prose line after it. A run that opens
    under no headline but holds one past its first line (:func:`inner_headline`, with the
    ``strong`` headlines) is also a
    candidate from under that headline on: the two are weighed as any others (the part above
    the headline wins when it adds as much as the headline's bonus, :data:`ANCHOR_BONUS`)."""
    found = []
    head_set = set(heads)
    for s, e in top_runs(scores):
        if s in head_set:
            first = _first_prose(scores, s, e)
            if first is not None:
                found.append(Candidate(first, e, s))
                continue
        anchor = anchor_of(scores, heads, s)
        found.append(Candidate(s, e, anchor))
        lead = _lead_headline(scores, heads, s, e) if anchor is None else None
        first = _first_prose(scores, lead, e) if lead is not None else None
        if first is not None and e - first >= LEAD_MIN_LINES:
            found.append(Candidate(first, e, lead, topic_start=lead))
        inner = inner_headline(scores, heads, s, e, strong) if anchor is None else None
        first = _first_prose(scores, inner, e) if inner is not None else None
        if first is not None:
            found.append(Candidate(first, e, inner, topic_start=inner))
    return found


def topic_words(blocks: list[Block], heads: list[int], url: str | None, stopwords: frozenset[str]) -> frozenset[str]:
    """The words the story is about: those of the URL's slug, else those of the best headline
    line (:func:`~.anchors.headline_text`), stopwords and one-letter tokens left out. (The
    slug alone: a dump's first line may be the site's name, not the story's.)"""
    words = set(slug_words(url))
    if heads and not words:
        words.update(plain_words(headline_text(blocks, heads)))
    return frozenset(w for w in words if len(w) > 1 and w not in stopwords)


def topic_share(blocks: list[Block], cand: Candidate, topic: frozenset[str]) -> float:
    """Share of the ``topic`` words that the candidate's lines hold (from its ``topic_start``
    when it has one; 1 without a topic)."""
    if not topic:
        return 1.0
    found: set[str] = set()
    first = cand.start if cand.topic_start is None else cand.topic_start
    for block in blocks[first : cand.end]:
        found.update(topic & folded_words(block.text))
        if len(found) == len(topic):
            break
    return len(found) / len(topic)


#: the positive score of a line inside a repeating furniture shape counts this share
PATTERN_WEIGHT = 0.3


def region_score(scores: list[float], cand: Candidate, topic: float = 1.0, pattern: list[bool] | None = None) -> float:
    """A candidate scored as a whole: its score sum (lines in a repeating furniture shape,
    ``pattern``, counting :data:`PATTERN_WEIGHT` of their gain), more when it starts under
    a headline, less the fewer of the story's topic words it holds (``topic``, see
    :func:`topic_share`)."""
    if pattern is None:
        total = sum(scores[cand.start : cand.end])
    else:
        total = sum(
            s * PATTERN_WEIGHT if s > 0 and pattern[i] else s
            for i, s in enumerate(scores[cand.start : cand.end], cand.start)
        )
    if cand.anchor is not None:
        total *= 1.0 + ANCHOR_BONUS
    return total * (TOPIC_FLOOR + (1.0 - TOPIC_FLOOR) * topic)


#: the repeating shapes a region ends at (teaser runs only weigh less: lists inside
#: articles carry the same marks too often to end one at them)
CUT_KINDS = frozenset({"thread"})


def shape_candidate(
    blocks: list[Block], scores: list[float], stops: dict[int, Rule], spans: list[Span], cand: Candidate
) -> Candidate:
    """The candidate ended where an after-article section opens (:func:`cut_at_section_end`)
    or a repeating furniture shape does (:func:`cut_at_pattern`)."""
    start, end = cut_at_section_end(blocks, scores, stops, cand.start, cand.end)
    start, end = cut_at_pattern(scores, [s for s in spans if s.kind in CUT_KINDS], start, end)
    start, end = cut_at_tail_run(scores, [s for s in spans if s.kind in TAIL_KINDS], start, end)
    return Candidate(start, end, cand.anchor, cand.topic_start)


#: the repeating shapes a region ends at when they close it (:func:`cut_at_tail_run`)
TAIL_KINDS = frozenset({"teasers"})
#: a run closes the region when the lines after it score at most this together (about a
#: paragraph: a newsletter box, a licence line, not more of the story) ...
TAIL_AFTER_SCORE = 4.0
#: ... and the lines before it hold at least this share of the region's positive score
TAIL_BEFORE_SHARE = 0.5


def cut_at_tail_run(scores: list[float], spans: list[Span], start: int, end: int) -> tuple[int, int]:
    """End the region before a repeating shape that closes it (a teaser run: the site's other
    stories under the article): the run starts inside the region after
    :data:`TAIL_BEFORE_SHARE` of its positive score, and at most :data:`TAIL_AFTER_SCORE`
    follows it. A list inside the story has more of the story after it. The lines of no
    positive score left hanging at the new end (the list's heading) go with it."""
    total = sum(s for s in scores[start:end] if s > 0)
    for span in spans:
        if not start < span.start < end:
            continue
        before = sum(s for s in scores[start : span.start] if s > 0)
        after = sum(s for s in scores[span.end : end] if s > 0)
        if before >= TAIL_BEFORE_SHARE * total and after <= TAIL_AFTER_SCORE:
            end = span.start
            while end > start and scores[end - 1] <= 0:
                end -= 1
            break
    return start, end


def best_candidate(
    blocks: list[Block],
    scores: list[float],
    found: list[Candidate],
    topic: frozenset[str] = frozenset(),
    pattern: list[bool] | None = None,
) -> Candidate:
    """The candidate with the best :func:`region_score` (an empty one for a page of furniture)."""
    if not found:
        return Candidate(0, 0)
    return max(found, key=lambda c: region_score(scores, c, topic_share(blocks, c, topic), pattern))


def reach(
    blocks: list[Block],
    scores: list[float],
    stops: dict[int, Rule],
    strong: list[int],
    contents: dict[int, int],
    best: Candidate,
    topic: frozenset[str],
    pattern: list[bool],
) -> Candidate:
    """The best candidate reaching past its run (:mod:`~.reach`): to the lines under the
    story's ``strong`` headline when its :func:`region_score` is below
    :data:`~.reach.WEAK_REGION_SCORE` (:func:`~.reach.headline_stretch`), up to that
    headline (:func:`~.reach.pull_to_headline`), and up to the story's contents list
    (:func:`~.reach.contents_start`)."""
    if region_score(scores, best, topic_share(blocks, best, topic), pattern) < WEAK_REGION_SCORE:
        found = headline_stretch(strong, stops, len(blocks), best.start, best.end)
        if found is not None:
            best = Candidate(*found)
    pulled = pull_to_headline(strong, scores, stops, best.start, best.end)
    if pulled is not None:
        best = Candidate(*pulled, topic_start=best.topic_start)
    start = contents_start(contents, scores, stops, best.start, best.end)
    if start is not None:
        best = Candidate(start, best.end, best.anchor, best.topic_start)
    return best


def cut_at_pattern(scores: list[float], spans: list[Span], start: int, end: int) -> tuple[int, int]:
    """End the region where a repeating furniture shape (:func:`~.patterns.pattern_spans`:
    a comment thread, a teaser run) opens inside it, once the article before it holds
    :data:`SECTION_CUT_SHARE` of the region's positive score, the lines of the shapes counting
    :data:`PATTERN_WEIGHT` of theirs (as in :func:`region_score`: a long thread under a short
    story does not make the story too small to end before it); the short lines left hanging at
    the new end (a "12 comments" heading) go with it."""
    inside = flags(spans, len(scores))
    total = sum(s * PATTERN_WEIGHT if inside[i] else s for i, s in enumerate(scores[start:end], start) if s > 0)
    for span in spans:
        if not start < span.start < end:
            continue
        before = sum(s for s in scores[start : span.start] if s > 0)
        if before > 0 and before >= SECTION_CUT_SHARE * total:
            end = span.start
            while end > start and scores[end - 1] <= 0:
                end -= 1
            break
    return start, end


#: the region ends before a closing line (one a rule of the ``closing-line`` role names: a
#: paragraph about the author) when the lines before it hold at least this share of the
#: region's positive score: what follows is the author box, not the rest of the story
CLOSING_LINE_SHARE = 0.6
#: ... and the lines after it, but for the next :data:`CLOSING_BIO_LINES` (the rest of the
#: bio), score at most this together (about a paragraph: no more story follows), unless one of
#: those next lines is a stop line a text rule names ("See full bio", "Table of contents")
CLOSING_AFTER_SCORE = 4.0
CLOSING_BIO_LINES = 2
#: ... and at most this many lines just before it that score no more than zero go with it
#: (the author's name, their title, "Author: Jane Doe" over the bio)
CLOSING_LEAD_LINES = 4


def _first_word(text: str) -> str:
    words = text.split(maxsplit=1)
    return words[0].strip(".,:;!?\"'’“”()").lower() if words else ""


#: a closing line of at most this many words that ends no sentence is a heading ("About Acme
#: Corp", "Über den Autor"), whose first word may be a stopword of the page's language
CLOSING_HEADING_UNITS = 8


def _closing_shape(text: str, stopwords: frozenset[str]) -> bool:
    """Whether a line a ``closing-line`` rule names may close the story: a heading
    (:data:`CLOSING_HEADING_UNITS`, no sentence end), or a sentence whose first word is no
    stopword (a name opens a bio; "This is a tool for any writer" is no bio)."""
    if units(text) <= CLOSING_HEADING_UNITS and not ends_sentence(text):
        return True
    return _first_word(text) not in stopwords


def closing_lines(blocks: list[Block], rules: RuleSet, stopwords: frozenset[str], cand: Candidate) -> list[int]:
    """The positions of the candidate's lines that a ``closing-line`` rule names
    (:meth:`~cleaner.rules.RuleSet.match_closing`) in a shape that may close the story
    (:func:`_closing_shape`: a heading, or a sentence opening with no stopword)."""
    return [
        b.position
        for b in blocks[cand.start : cand.end]
        if (_closing_shape(b.text, stopwords) and _is_role(rules.match_closing(b.text), CLOSING_LINE_ROLE))
        or _under_name(blocks, cand.start, b.position)
    ]


#: an author box may set this many short lines between the name and the bio (their title:
#: "SEO Copywriter", "Executive Editor at Digit")
TITLE_LINES = 1
#: a title line between the name and the bio has at most this many words and ends no sentence
TITLE_MAX_UNITS = 8


def _under_name(blocks: list[Block], start: int, pos: int) -> bool:
    """Whether the line at ``pos`` is a bio under a name line (:func:`name_echo`) right above
    it, or above the up to :data:`TITLE_LINES` short lines of the author's title between."""
    for gap in range(TITLE_LINES + 1):
        name = pos - 1 - gap
        if name < start:
            return False
        between = blocks[name + 1 : pos]
        if any(units(b.text) > TITLE_MAX_UNITS or ends_sentence(b.text) for b in between):
            return False
        if any(b.text == blocks[name].text for b in between):
            continue  # a heading printed twice ("Edsger Dijkstra" over "Edsger Dijkstra") has no title line
        if name_echo(blocks[name].text, blocks[pos].text, first_name=gap > 0):
            return True
    return False


#: the role of rules naming a line that closes the story where it stands (a paragraph about the author)
CLOSING_LINE_ROLE = "closing-line"
#: the role of rules naming the heading of what a story lists after it (references, sources)
BACK_MATTER_ROLE = "back-matter"
#: the region ends at a back-matter heading when the lines before it hold at least this share
#: of the region's positive score (a long reference list can outweigh a short story)
BACK_MATTER_SHARE = 0.5


#: a citation holds a year (1999, 2021a), a link or a DOI, or a footnote its link back to the text (↩) ...
_CITATION = re.compile(r"(?<!\d)(1[5-9]|20)\d\d(?!\d)|https?://|www\.|\bdoi\b|↩", re.IGNORECASE)
#: ... and the heading is over a list of them when this many of the next lines under it are ...
CITATION_LINES = 4
#: ... at least this many of them
CITATION_MIN = 3


def _citations(blocks: list[Block]) -> bool:
    """Whether ``blocks`` open with a list of citations: :data:`CITATION_MIN` of their first
    :data:`CITATION_LINES` lines hold a year, a link or a DOI (a style guide's "References"
    section over its advice, a list of site names, holds none)."""
    head = blocks[:CITATION_LINES]
    return sum(bool(_CITATION.search(b.text)) for b in head) >= min(CITATION_MIN, len(head)) > 0


def _is_role(rule: Rule | None, role: str) -> bool:
    return rule is not None and rule.has_role(role)


def cut_at_back_matter(
    blocks: list[Block], rules: RuleSet, scores: list[float], start: int, end: int
) -> tuple[int, int]:
    """End the region at the first heading a ``back-matter`` rule names (the story's
    references, sources, footnotes) over a list of citations (:func:`_citations`) once the
    lines before it hold :data:`BACK_MATTER_SHARE` of the region's positive score; the lines
    of no positive score just before it go too."""
    total = sum(s for s in scores[start:end] if s > 0)
    before = 0.0
    for i in range(start, end):
        if before > 0 and before >= BACK_MATTER_SHARE * total:
            if _is_role(rules.match_closing(blocks[i].text), BACK_MATTER_ROLE) and _citations(blocks[i + 1 : end]):
                while i > start and scores[i - 1] <= 0:
                    i -= 1
                return start, i
        before += max(scores[i], 0.0)
    return start, end


#: a bio may open with an abbreviated title before the name ("Dr.", "Prof.", "Mme."): at most this many characters
TITLE_ABBREV_CHARS = 5
#: an author box's name line has this many words, at least and at most ...
NAME_MIN_WORDS, NAME_MAX_WORDS = 2, 4
#: ... and the bio under it, opening with the name, at least this many words
BIO_MIN_WORDS = 12
#: ... or, under a title line, naming the author in full among its first this many words
#: ("A New York transplant hailing from the Pacific Northwest, Emmet White has ...")
BIO_NAME_WINDOW = 12
#: a possessive ending, which the name's last word in a bio may carry ("Isabella Tabacchi's lens")
_POSSESSIVE = re.compile(r"['’]s$")


def name_echo(name: str, text: str, first_name: bool = False) -> bool:
    """Whether ``text`` is a bio under the name line ``name`` (an author box: "Karina Cohen"
    over "Karina Cohen is the owner of ..."): the name line is :data:`NAME_MIN_WORDS` to
    :data:`NAME_MAX_WORDS` capitalised words and no sentence, and the line under it, of
    :data:`BIO_MIN_WORDS` words at least, opens with those words, or with the first of them
    when ``first_name`` (under a title line: "Emmet White" / "Associate Editor" / "Emmet is
    ..."; a heading alone over a paragraph opening with its first word, "Digital Tools" over
    "Digital health tools ...", is no author box). Any language with cased letters; the
    words themselves do not matter."""
    words = name.split()
    if not NAME_MIN_WORDS <= len(words) <= NAME_MAX_WORDS or ends_sentence(name):
        return False
    if not all(w[0].isupper() for w in words):
        return False
    rest = text.split()
    if len(rest) < BIO_MIN_WORDS:
        return False
    if len(rest[0]) <= TITLE_ABBREV_CHARS and rest[0].endswith(".") and rest[0][0].isupper() and rest[0] != words[0]:
        rest = rest[1:]  # "Dr. Charles Patterson is ..." under "Charles Patterson"
    bare = [_POSSESSIVE.sub("", w) for w in rest[: BIO_NAME_WINDOW if first_name else len(words)]]
    named = any(bare[i : i + len(words)] == words for i in range(len(bare) - len(words) + 1))
    return named or (first_name and rest[0].rstrip(",") == words[0])


def cut_at_closing_line(
    scores: list[float], closing: list[int], stops: set[int], start: int, end: int
) -> tuple[int, int]:
    """End the region before the first of the ``closing`` lines (:func:`closing_lines`) that
    closes the story: the lines before it hold :data:`CLOSING_LINE_SHARE` of the region's
    positive score, and those after it (past the rest of the bio, :data:`CLOSING_BIO_LINES`)
    at most :data:`CLOSING_AFTER_SCORE`, or one of the rest of the bio's lines is a stop line
    (a position in ``stops``: a line a rule names that stops the region, or a closing heading
    such as "More from our blog:"). The up to :data:`CLOSING_LEAD_LINES` lines of no positive score
    just before it (the author's name and title over the bio) go with it."""
    total = sum(s for s in scores[start:end] if s > 0)
    for pos in closing:
        before = sum(s for s in scores[start:pos] if s > 0)
        rest = range(pos + 1, min(end, pos + 2 + CLOSING_BIO_LINES))
        after = sum(s for s in scores[pos + 1 + CLOSING_BIO_LINES : end] if s > 0)
        closed = after <= CLOSING_AFTER_SCORE or any(k in stops for k in rest)
        if before > 0 and before >= CLOSING_LINE_SHARE * total and closed:
            cut = pos
            while cut > start and pos - cut < CLOSING_LEAD_LINES and scores[cut - 1] <= 0:
                cut -= 1
            return start, cut
    return start, end


def main_region(scores: list[float]) -> tuple[int, int]:
    """The contiguous run of blocks with the largest score sum (maximum subarray); empty
    ``(0, 0)`` when no run sums above zero (a page of furniture only)."""
    best, best_span = 0.0, (0, 0)
    total, start = 0.0, 0
    for i, s in enumerate(scores):
        if total <= 0:
            total, start = s, i
        else:
            total += s
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


#: a line just before the region joins it when it scores above this (a standfirst) ...
EXTEND_MIN_SCORE = -0.35
#: ... and has at least this many words
EXTEND_MIN_WORDS = 8


#: the region ends at such a block when the lines before it hold at least this share of
#: the region's positive score (so a teaser list above the article does not end it)
SECTION_CUT_SHARE = 0.2
#: the role of rules naming the headings of lists of other articles ("You may also like",
#: "More from X", "Related articles"): the region ends at one as at a section end, but only
#: once the article before it holds :data:`CLOSING_CUT_SHARE` of the region's positive score
CLOSING_ROLE = "closing-heading"
#: a closing heading ends the region when the lines before it hold at least this share of
#: the region's positive score: what follows is a short list, not the rest of the article (such
#: headings also sit over in-article boxes, an author box, a recipe card's "More recipes")
CLOSING_CUT_SHARE = 0.8
#: ... but not the in-article link lines the same rules cut ("Read more: ...", "Also read:")
_INLINE_LINK = re.compile(r"(?i)^(read|see|also|keep|continue)\b|:")


def cut_at_section_end(
    blocks: list[Block], scores: list[float], stops: dict[int, Rule], start: int, end: int
) -> tuple[int, int]:
    """End the region at the first block that opens an after-article section (comments,
    "Related stories", ...) once the article before it is substantial: the reader
    comments or teasers after it can outweigh the stop signal in the maximum subarray.
    A closing heading ("You may also like", "More from X") ends it too, once the article
    before it is the larger part (:data:`CLOSING_CUT_SHARE`)."""
    total = sum(s for s in scores[start:end] if s > 0)
    before = 0.0
    for i in range(start, end):
        rule = stops.get(i)
        if rule is not None and not _INLINE_LINK.search(blocks[i].text) and before > 0:
            if rule.has_role(SECTION_END_ROLE) and before >= SECTION_CUT_SHARE * total:
                return start, i
            if rule.has_role(CLOSING_ROLE) and before >= CLOSING_CUT_SHARE * total:
                return start, i
        before += max(scores[i], 0.0)
    return start, end


#: a line of at least this many space-separated tokens ...
MENU_MIN_TOKENS = 4
#: ... of an unspaced script, each at most this many characters on average, is a menu
MENU_TOKEN_CHARS = 3


def is_menu(text: str) -> bool:
    """A menu printed on one line in an unspaced script (``时政 地方 法治 高层``): many short
    space-separated tokens where running text has none."""
    tokens = text.split()
    return (
        len(tokens) >= MENU_MIN_TOKENS and is_unspaced(text) and sum(map(len, tokens)) <= MENU_TOKEN_CHARS * len(tokens)
    )


def extend_region(blocks: list[Block], scores: list[float], start: int, end: int, title: str | None) -> tuple[int, int]:
    """Pull in the prose-like lines just before the region (a standfirst under the headline)."""
    while start > 0 and scores[start - 1] > EXTEND_MIN_SCORE and len(blocks[start - 1].words) >= EXTEND_MIN_WORDS:
        if is_menu(blocks[start - 1].text):
            break
        if title and overlap(blocks[start - 1].text, title) >= TITLE_OVERLAP:
            break  # the headline (or its echo) is the title, not the body
        start -= 1
    return start, end


#: the standfirst a share bar, a photo credit or a byline parts from the region joins it: a
#: line at most this many lines above the region's first line ...
BRIDGE_GAP = 6
#: ... that scores at least this (a paragraph of prose, not a caption or a teaser's title) ...
BRIDGE_MIN_SCORE = 1.0
#: ... under a headline line at most this many lines above it ...
BRIDGE_HEAD_GAP = 8
#: ... with only furniture between it and the region: lines of no positive score and at most
#: this many words (a share bar's buttons, "© Getty Images", "von tennisnet.com", a date),
#: none of them a stop line that opens an after-article section
BRIDGE_GAP_UNITS = 10


def bridge_standfirst(
    blocks: list[Block], scores: list[float], stops: dict[int, Rule], heads: list[int], start: int
) -> tuple[int, set[int]]:
    """The region's new first line and the furniture lines it crosses to get there: the
    standfirst under the headline that a share bar, a photo credit or a byline parts from the
    article's body (prose, :data:`BRIDGE_MIN_SCORE`, at most :data:`BRIDGE_GAP` lines above the
    region, a headline among ``heads`` at most :data:`BRIDGE_HEAD_GAP` lines above it, and only
    short lines of no positive score between it and the region, :data:`BRIDGE_GAP_UNITS`, none a
    section-end or closing-heading stop). The crossed lines are dropped, not kept."""
    gap: list[int] = []
    for j in range(start - 1, max(-1, start - 2 - BRIDGE_GAP), -1):
        if scores[j] >= BRIDGE_MIN_SCORE:
            if gap and any(j - BRIDGE_HEAD_GAP <= h < j for h in heads):
                return j, set(gap)
            break
        rule = stops.get(j)
        if scores[j] > 0 or (rule is None and units(blocks[j].text) > BRIDGE_GAP_UNITS):
            break
        if rule is not None and (rule.has_role(SECTION_END_ROLE) or rule.has_role(CLOSING_ROLE)):
            break
        gap.append(j)
    return start, set()


#: inside the region, a line scoring below this (in region units: a short line that
#: several furniture signals mark at once) is dropped unless article text is on both sides
INNER_BAD = -0.5


def smooth_region(blocks: list[Block], ctx: Context) -> tuple[list[Block], list[Removed]]:
    """A block pass: context smoothing inside the region (jusText's idea), by the lines'
    region scores (``ctx.line_scores``). Short lines stay in the article (sub-headings,
    short quotes, fact-box items) and only a line that looks like furniture on every
    count goes, unless article text is on both sides of it.

    Dropping more (every negative line, or every repeated one) cost more recall than it
    won precision on the development set: lists and tables inside articles look the same.
    """
    scores = [ctx.line_scores[b.position] for b in blocks]
    kept: list[Block] = []
    removed: list[Removed] = []
    for i, (block, s) in enumerate(zip(blocks, scores)):
        prev_good = i > 0 and scores[i - 1] > 0
        next_good = i + 1 < len(blocks) and scores[i + 1] > 0
        if s < INNER_BAD and not (prev_good and next_good):
            removed.append(Removed(text=block.text, kind=block.kind, score=round(s, 3), heuristic="inner"))
        else:
            kept.append(block)
    return kept, removed


def take_region(blocks: list[Block], scores: list[float], start: int, end: int) -> tuple[list[Block], list[Removed]]:
    """Split ``blocks`` into those whose position lies in ``[start, end)`` and the rest (removed)."""
    inside = [b for b in blocks if start <= b.position < end]
    outside = [
        Removed(text=b.text, kind=b.kind, score=round(scores[b.position], 3), heuristic="outside-main-region")
        for b in blocks
        if not start <= b.position < end
    ]
    return inside, outside
