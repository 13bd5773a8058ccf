"""An edited article in the clustering: once a new version is stored, its reprint signature, the reprint links it
has with the other articles of its story, and its story's profile (the terms the next articles are matched with),
names and term frequencies are those of its new text, not of the text it had when it was placed.

The article stays in its story (an edit keeps its id and story; a user's regrouping moves it); what changes is what
the story is matched by and which articles count as copies. Reprint links are judged again within the story only:
an edited article that now copies an article of another story is not moved there."""

from __future__ import annotations

from rashomon.cluster.features import article_features, revised_names, revised_profile, term_changes
from rashomon.cluster.reprints import copies, earlier, text_signature
from rashomon.models import Article, Published
from rashomon.store import Store
from rashomon.store.watch import WatchStore
from rashomon.watch_records import ClusterRefresh

Links = dict[str, tuple[str | None, float | None]]


def cluster_refresh(store: Store, watched: WatchStore, new: Article) -> ClusterRefresh | None:
    """What the edit of the stored article into ``new`` (same id) changes in the clustering; None when the article
    is not in a story yet (the clusterer reads its new text when it places it). Read inside the transaction that
    writes it, so that a clustering run saved meanwhile is neither undone nor undoes it."""
    old = store.article(new.id)
    placed = watched.clustered(new.id)
    if old is None or placed is None:
        return None
    was, now = article_features(old), article_features(new)
    first, last = placed["first_day"], placed["last_day"]
    if now.when is not None:
        day = now.when.isoformat()
        first, last = min(first or day, day), max(last or day, day)
    return ClusterRefresh(old.id, placed["story_id"], text_signature(new.text),
                          revised_profile(placed["profile"], placed["size"], was, now),
                          revised_names(placed["names"], was, now), first, last, term_changes(was, now),
                          relinked(store, watched.story_links(placed["story_id"]), new))


def relinked(store: Store, members: dict[str, str | None], article: Article) -> Links:
    """The reprint links of a story ({member: its original}) that change when ``article`` has its new text: its own
    link and those of its copies hold only while the texts still contain one another; an article that was neither
    copy nor original may now be either (of the story's other originals, the earlier one being the original)."""
    changed: Links = {}
    own = members.get(article.id)
    if own is not None:
        changed[article.id] = _link(own, copies(article.text, store.article_text(own) or ""))
    copied = sorted(member for member, original in members.items() if original == article.id)
    for member in copied:
        changed[member] = _link(article.id, copies(store.article_text(member) or "", article.text))
    if own is not None or copied:
        return changed
    for other_id in sorted(m for m, original in members.items() if original is None and m != article.id):
        value = copies(article.text, store.article_text(other_id) or "")
        other = store.article(other_id)
        if value is None or other is None:
            continue
        if earlier(_order(other), _order(article)):
            return {article.id: (other_id, value)}
        # the edited article came first: the other, and its copies, now copy it (as the clusterer links them)
        return {m: (article.id, value) for m, original in members.items() if m == other_id or original == other_id}
    return changed


def _link(original: str, value: float | None) -> tuple[str | None, float | None]:
    return (original, value) if value is not None else (None, None)


def _order(article: Article) -> tuple[Published | None, str, bool]:
    return article.published, article.id, bool(article.outlet)
