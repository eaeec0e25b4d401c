// An article: its body, author and counts. Read with If-None-Match, so that reading it again while nothing changed
// is a 304 and no body. Signed-in readers like and collect it here.

import {api, session} from '../api.js';
import {h, replace, ago, count, failure} from '../dom.js';

export async function renderArticle(main, {id}, signal) {
    const path = `/api/articles/${id}`;
    const {body: article, status} = await api.revalidate(path, {signal});
    const counts = h('p', {class: 'counts', id: 'counts'});
    const actions = h('div', {class: 'actions', id: 'actions'});
    const state = {counts: article.counts, liked: false, collected: false};
    showCounts(counts, state.counts);

    replace(main, h('article', {class: 'article', id: 'article', dataset: {article: id, status}},
        h('h1', {class: 'article-title'}, article.title),
        h('p', {class: 'meta'},
            article.author
                ? h('a', {class: 'author', href: `#/users/${article.authorId}`}, article.author.name)
                : h('span', {class: 'author'}, 'a former author'),
            ' · ', h('time', {datetime: article.pubdate}, ago(article.pubdate)),
            status === 304 ? h('span', {class: 'revalidated', title: 'The service confirmed your copy is current'},
                ' · unchanged (304)') : null),
        h('div', {class: 'content', id: 'content'}, paragraphs(article.content)),
        counts, actions));

    if (!session.signedIn()) {
        replace(actions, h('a', {href: '#/login', class: 'button'}, 'Log in to like and collect'));
        return;
    }
    try {
        Object.assign(state, await api.get(`${path}/reactions`, {signal}));
    } catch (error) {
        if (error.name === 'AbortError') {
            throw error; // the reader has moved on: nothing of this view is shown any more
        }
        replace(actions, failure(error));
        return;
    }
    showCounts(counts, state.counts);

    const toggle = (kind, flag, label, doneLabel) => {
        const button = h('button', {type: 'button', class: 'toggle', id: kind === 'likes' ? 'like' : 'collect'});
        const show = () => {
            button.textContent = state[flag] ? doneLabel : label;
            button.setAttribute('aria-pressed', String(state[flag]));
        };
        button.addEventListener('click', async () => {
            button.disabled = true;
            try {
                const method = state[flag] ? 'del' : 'post';
                Object.assign(state, await api[method](`${path}/${kind}`));
                api.forget(path); // the counts changed: the next read must not be a 304 of the old ones
                showCounts(counts, state.counts);
            } catch (error) {
                actions.append(failure(error));
            } finally {
                button.disabled = false;
                show();
            }
        });
        show();
        return button;
    };
    replace(actions, toggle('likes', 'liked', 'Like', 'Liked'),
        toggle('collections', 'collected', 'Collect', 'Collected'));
}

function showCounts(element, counts) {
    if (!counts) {
        replace(element, 'Counts are unavailable right now.');
        return;
    }
    replace(element, count(counts.reads, 'reads', 'reads'), count(counts.likes, 'likes', 'likes'),
        count(counts.collections, 'collections', 'collections'));
}

/** The body as paragraphs: it is plain text, blank lines between paragraphs. */
function paragraphs(content) {
    return (content ?? '').split(/\n\s*\n|\r\n\s*\r\n/).filter(text => text.trim()).map(text => h('p', {}, text));
}
