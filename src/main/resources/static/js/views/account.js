// Logging in, and the signed-in reader's reading history.

import {api, session} from '../api.js';
import {h, replace, ago, failure} from '../dom.js';
import {pagedList} from '../pager.js';

/** The login form; `after` runs once logged in (the reader goes back to where it was, the dashboard reloads). */
export function loginForm(after, heading = 'Log in') {
    const mobile = h('input', {id: 'mobile', name: 'mobile', type: 'tel', autocomplete: 'username', required: true,
        inputmode: 'tel', pattern: '\\+?[0-9]{6,15}'});
    const password = h('input', {id: 'password', name: 'password', type: 'password', required: true,
        autocomplete: 'current-password', maxlength: 72});
    const message = h('div', {class: 'form-message', 'aria-live': 'assertive'});
    const submit = h('button', {type: 'submit', id: 'login-submit'}, 'Log in');
    const form = h('form', {class: 'login', id: 'login-form'},
        h('h1', {}, heading),
        h('label', {for: 'mobile'}, 'Mobile number'), mobile,
        h('label', {for: 'password'}, 'Password'), password,
        submit, message);
    form.addEventListener('submit', async event => {
        event.preventDefault();
        submit.disabled = true;
        replace(message);
        try {
            await api.login(mobile.value.trim(), password.value);
            after();
        } catch (error) {
            replace(message, failure(error));
        } finally {
            submit.disabled = false;
        }
    });
    return form;
}

/** `from` is the route the reader came from: they go back there once logged in. */
export async function renderLogin(main, {from}, signal) {
    const back = () => {
        location.hash = from && from !== '#/login' ? from : '#/';
    };
    const me = session.signedIn() ? await api.me() : null;
    if (signal.aborted) {
        return;
    }
    if (me) {
        back();
        return;
    }
    replace(main, loginForm(back));
}

export async function renderHistory(main, params, signal) {
    if (!session.signedIn()) {
        location.hash = '#/login';
        return;
    }
    const {list, more, loaded} = pagedList({id: 'history', signal, moreLabel: 'Earlier reads',
        empty: 'Nothing read yet: the articles you open appear here.',
        path: page => `/api/user/histories?page=${page}&size=20`,
        item: entry => h('li', {class: 'story', dataset: {article: entry.article.id}},
            h('a', {class: 'title', href: `#/articles/${entry.article.id}`}, entry.article.title),
            h('p', {class: 'meta'}, 'read ', h('time', {datetime: entry.readAt}, ago(entry.readAt))))});
    replace(main, h('h1', {}, 'Reading history'), list, more);
    await loaded;
}
