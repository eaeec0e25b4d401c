// A list read by page number (a user's articles, announcements, the reading history): the first page now, the
// next on the "more" button, which hides itself at the end.

import {api} from './api.js';
import {h, failure} from './dom.js';

/**
 * Returns the list, the button and a promise of the first page. `path(page)` is the URL of a page (counting
 * from 1); `item(entry)` makes one list item; `empty` is said when there is nothing at all.
 */
export function pagedList({id, path, item, empty, moreLabel, signal}) {
    const list = h('ol', {class: 'feed', id});
    const more = h('button', {type: 'button', class: 'more', hidden: true}, moreLabel);
    let page = 0;
    let problem = null;
    const load = async () => {
        more.disabled = true;
        problem?.remove();
        try {
            const result = await api.get(path(page + 1), {signal});
            page = result.page;
            more.textContent = moreLabel;
            list.append(...result.items.map(item));
            more.hidden = page * result.size >= result.total;
            if (result.total === 0) {
                list.replaceWith(h('p', {class: 'empty'}, empty));
            }
        } catch (error) {
            if (error.name !== 'AbortError') {
                problem = failure(error);
                more.after(problem);
                more.textContent = 'Try again';
                more.hidden = false;
            }
        } finally {
            more.disabled = false;
        }
    };
    more.addEventListener('click', load);
    return {list, more, loaded: load()};
}
