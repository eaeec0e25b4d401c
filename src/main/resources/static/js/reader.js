// The news reader: hash routes (#/channels/3, #/articles/42, #/users/7, #/announcements, #/history, #/login), so
// that the service serves one static page and a deep link still works.

import {api} from './api.js';
import {h, replace, failure} from './dom.js';
import {renderFeed, renderChannelTabs} from './views/feed.js';
import {renderArticle} from './views/article.js';
import {renderAuthor} from './views/author.js';
import {renderAnnouncements, renderAnnouncement} from './views/announcements.js';
import {renderLogin, renderHistory} from './views/account.js';

const routes = [
    [/^#?\/?$/, () => ({view: renderFeed, params: {}})],
    [/^#\/channels\/(\d+)$/, ([, id]) => ({view: renderFeed, params: {channelId: Number(id)}})],
    [/^#\/articles\/(\d+)$/, ([, id]) => ({view: renderArticle, params: {id: Number(id)}})],
    [/^#\/users\/(\d+)$/, ([, id]) => ({view: renderAuthor, params: {id: Number(id)}})],
    [/^#\/announcements$/, () => ({view: renderAnnouncements, params: {}})],
    [/^#\/announcements\/(\d+)$/, ([, id]) => ({view: renderAnnouncement, params: {id: Number(id)}})],
    [/^#\/history$/, () => ({view: renderHistory, params: {}})],
    [/^#\/login$/, () => ({view: renderLogin, params: {from: previous}})],
];

const main = document.getElementById('view');
let previous = null; // the route before this one: a login goes back to it
let current = null; // the shown view's abort controller: navigating away cancels its requests and observers

async function route() {
    current?.abort();
    current = new AbortController();
    const signal = current.signal;
    const hash = location.hash;
    const match = routes.map(([pattern, make]) => [hash.match(pattern), make]).find(([found]) => found);
    replace(main, h('p', {class: 'loading'}, 'Loading…'));
    window.scrollTo(0, 0);
    try {
        if (!match) {
            replace(main, h('h1', {}, 'Not found'), h('p', {}, h('a', {href: '#/'}, 'Back to the news')));
            return;
        }
        const {view, params} = match[1](match[0]);
        await view(main, params, signal);
        if (!signal.aborted) {
            markChannel(params.channelId);
            main.focus({preventScroll: true}); // a screen reader hears that the view changed
        }
    } catch (error) {
        if (!signal.aborted && error.name !== 'AbortError') {
            replace(main, failure(error));
        }
    }
}

function markChannel(channelId) {
    for (const tab of document.querySelectorAll('#channels a')) {
        const selected = channelId !== undefined && Number(tab.dataset.channel) === channelId;
        tab.classList.toggle('selected', selected);
        if (selected) {
            tab.setAttribute('aria-current', 'page');
            tab.scrollIntoView({block: 'nearest', inline: 'nearest'});
        } else {
            tab.removeAttribute('aria-current');
        }
    }
}

async function renderAccount() {
    const nav = document.getElementById('account');
    const links = [h('a', {href: '#/announcements'}, 'Announcements')];
    let me = null;
    try {
        me = await api.me();
    } catch {
        // The account menu degrades to "Log in"; the page itself shows what failed.
    }
    if (me) {
        links.push(h('a', {href: '#/history'}, 'History'));
        if (me.role === 'ADMIN') {
            links.push(h('a', {href: '/dashboard'}, 'Dashboard'));
        }
        links.push(h('a', {href: `#/users/${me.id}`, class: 'me', id: 'me'}, me.name),
            h('button', {type: 'button', class: 'link', id: 'logout', onclick: () => {
                api.logout();
                location.hash = '#/';
            }}, 'Log out'));
    } else {
        links.push(h('a', {href: '#/login', id: 'login-link'}, 'Log in'));
    }
    replace(nav, links);
}

window.addEventListener('hashchange', event => {
    previous = new URL(event.oldURL).hash || '#/';
    route();
});
window.addEventListener('newsfeed:session', renderAccount);
renderAccount();
renderChannelTabs(document.getElementById('channels')).then(route, error => {
    replace(main, failure(error));
});
