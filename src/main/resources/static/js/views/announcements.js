// Announcements: the list by page, newest first, and one announcement whole.

import {api} from '../api.js';
import {h, replace, ago} from '../dom.js';
import {pagedList} from '../pager.js';

export async function renderAnnouncements(main, params, signal) {
    const {list, more, loaded} = pagedList({id: 'announcements', signal, moreLabel: 'Older announcements',
        empty: 'No announcements.', path: page => `/api/announcements?page=${page}&size=20`,
        item: announcement => h('li', {class: 'story'},
            h('a', {class: 'title', href: `#/announcements/${announcement.id}`}, announcement.title),
            h('p', {class: 'meta'}, h('time', {datetime: announcement.pubdate}, ago(announcement.pubdate))))});
    replace(main, h('h1', {}, 'Announcements'), list, more);
    await loaded;
}

export async function renderAnnouncement(main, {id}, signal) {
    const announcement = await api.get(`/api/announcements/${id}`, {signal});
    replace(main, h('article', {class: 'article', id: 'announcement'},
        h('h1', {class: 'article-title'}, announcement.title),
        h('p', {class: 'meta'}, h('time', {datetime: announcement.pubdate}, ago(announcement.pubdate))),
        h('div', {class: 'content'}, h('p', {}, announcement.content)),
        h('p', {}, h('a', {href: '#/announcements'}, 'All announcements'))));
}
