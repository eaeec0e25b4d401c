// A channel's feed, newest first: one page at a time by the service's cursor, the next page fetched when the end
// of the list scrolls into view.

import {api} from '../api.js';
import {h, replace, ago, failure} from '../dom.js';
import {nameInto} from '../authors.js';

const PAGE_SIZE = 20;
const MARGIN = 400; // px below the window: the next page is fetched this much before the end is seen
let channels = [];

export async function renderChannelTabs(nav) {
    channels = await api.get('/api/channels');
    replace(nav, channels.map(channel => h('a', {href: `#/channels/${channel.id}`,
        dataset: {channel: channel.id}}, channel.name)));
}

function startingChannel() {
    return (channels.find(channel => channel.isDefault) ?? channels[0])?.id;
}

export async function renderFeed(main, params, signal) {
    const channelId = params.channelId ?? startingChannel();
    params.channelId = channelId;
    const channel = channels.find(known => known.id === channelId);
    if (!channel) {
        replace(main, h('h1', {}, 'No such channel'), h('p', {}, h('a', {href: '#/'}, 'Back to the news')));
        return;
    }
    const list = h('ol', {class: 'feed', id: 'feed', dataset: {channel: channelId}});
    const status = h('p', {class: 'feed-status', id: 'feed-status', 'aria-live': 'polite'});
    const sentinel = h('div', {class: 'sentinel', 'aria-hidden': 'true'});
    replace(main, h('h1', {class: 'visually-hidden'}, channel.name), list, status, sentinel);

    let cursor = null;
    let loading = null;
    let ended = false;
    const observer = new IntersectionObserver(entries => {
        if (entries.some(entry => entry.isIntersecting)) {
            loadMore();
        }
    }, {rootMargin: `${MARGIN}px 0px`});
    signal.addEventListener('abort', () => observer.disconnect());
    // The observer speaks only when the end crosses into view: a page too short to push it out again (a tall
    // screen) would leave the end in view, and the feed stalled. So after each page, look again.
    const nearTheEnd = () => sentinel.getBoundingClientRect().top < window.innerHeight + MARGIN;

    function loadMore() {
        if (loading || ended || signal.aborted) {
            return loading;
        }
        const query = new URLSearchParams({size: PAGE_SIZE});
        if (cursor) {
            query.set('before', cursor);
        }
        status.textContent = 'Loading…';
        loading = api.get(`/api/channels/${channelId}/articles?${query}`, {signal}).then(page => {
            list.append(...page.items.map(story));
            cursor = page.nextCursor;
            ended = cursor === null;
            list.dataset.pages = String(Number(list.dataset.pages ?? 0) + 1);
            status.textContent = ended ? (list.children.length ? 'You are all caught up.' : 'Nothing here yet.') : '';
            if (!ended && !signal.aborted && nearTheEnd()) {
                setTimeout(loadMore); // once this load is over (it is still "loading" here)
            }
        }, error => {
            if (error.name !== 'AbortError') {
                replace(status, failure(error), h('button', {type: 'button', onclick: loadMore}, 'Try again'));
            }
        }).finally(() => {
            loading = null;
        });
        return loading;
    }

    await loadMore();
    if (!signal.aborted) {
        observer.observe(sentinel);
    }
}

/** One article in a list: its title, its author and when it was published, and its covers when it has any. */
export function story(article) {
    return h('li', {class: 'story', dataset: {article: article.id}},
        h('a', {class: 'title', href: `#/articles/${article.id}`}, article.title),
        h('p', {class: 'meta'},
            nameInto(h('a', {class: 'author', href: `#/users/${article.authorId}`}, '…'), article.authorId),
            ' · ', h('time', {datetime: article.pubdate}, ago(article.pubdate))),
        article.coverImages?.length ? h('div', {class: 'covers'}, article.coverImages.map(cover)) : null);
}

/** A cover image, lazily loaded; one that cannot be fetched leaves a plain tile rather than a broken image. */
function cover(url) {
    const image = h('img', {src: url, alt: '', loading: 'lazy', referrerpolicy: 'no-referrer'});
    image.addEventListener('error', () => image.replaceWith(h('span', {class: 'cover-missing'})), {once: true});
    return image;
}
