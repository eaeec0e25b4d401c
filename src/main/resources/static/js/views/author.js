// An author's page: the public profile with its counts, their articles by page, and a follow button for a
// signed-in reader who is someone else.

import {api} from '../api.js';
import {h, replace, compact, count, failure} from '../dom.js';
import {pagedList} from '../pager.js';
import {story} from './feed.js';

export async function renderAuthor(main, {id}, signal) {
    const profile = await api.get(`/api/users/${id}`, {signal});
    const {list, more, loaded} = pagedList({id: 'author-articles', signal, moreLabel: 'More articles',
        empty: 'No articles yet.', path: page => `/api/users/${id}/articles?page=${page}&size=20`, item: story});
    const follow = h('div', {class: 'actions', id: 'follow'});
    const followers = count(profile.counts?.followers ?? 0, 'followers', 'followers');
    replace(main, h('section', {class: 'profile', id: 'profile', dataset: {user: id}},
        h('h1', {}, profile.name),
        profile.certification ? h('p', {class: 'certification'}, profile.certification) : null,
        profile.intro ? h('p', {class: 'intro'}, profile.intro) : null,
        profile.counts ? h('p', {class: 'counts'}, count(profile.counts.articles, 'articles'), followers,
            count(profile.counts.followings, 'following'), count(profile.counts.likes, 'likes')) : null,
        follow),
        h('h2', {}, 'Articles'), list, more);
    const changeFollowers = by => {
        const number = followers.querySelector('b');
        const value = Number(number.dataset.value) + by;
        number.dataset.value = String(value);
        number.textContent = compact(value);
    };
    await Promise.all([loaded, followButton(follow, id, changeFollowers, signal).catch(error => {
        if (error.name !== 'AbortError') {
            replace(follow, failure(error)); // the profile and the articles stay
        }
    })]);
}

/** `changeFollowers(+1 or -1)` shows the reader's follow or unfollow in the author's count at once. */
async function followButton(container, id, changeFollowers, signal) {
    const me = await api.me();
    if (!me || me.id === id || signal.aborted) {
        return;
    }
    // Whether the reader follows this author: the newest 100 of their followings tell (following again is
    // harmless, so a reader who follows more than that sees "Follow" and nothing breaks).
    const followings = await api.get(`/api/users/${me.id}/followings?size=100`, {signal});
    let following = followings.items.some(user => user.id === id);
    const button = h('button', {type: 'button', class: 'toggle', id: 'follow-button'});
    const show = () => {
        button.textContent = following ? 'Following' : 'Follow';
        button.setAttribute('aria-pressed', String(following));
    };
    button.addEventListener('click', async () => {
        button.disabled = true;
        try {
            await api[following ? 'del' : 'post'](`/api/user/followings/${id}`);
            following = !following;
            changeFollowers(following ? 1 : -1);
        } catch (error) {
            container.append(failure(error));
        } finally {
            button.disabled = false;
            show();
        }
    });
    show();
    replace(container, button);
}
