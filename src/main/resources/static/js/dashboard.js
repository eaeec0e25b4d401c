// The live cache dashboard (admins): polls this instance's overview every 2 s and shows, per cache, the hit ratio
// of each level, loads, bloom rejections and lease waits per second and the L1 weight against its capacity, with
// the Redis circuit and the invalidation lag; an admin can evict an entry or empty a cache after confirming.

import {api, ApiError, session} from './api.js';
import {h, replace, compact, failure} from './dom.js';
import {lineChart} from './charts.js';
import {History} from './samples.js';
import {loginForm} from './views/account.js';

const POLL_MILLIS = 2000;
const main = document.getElementById('view');
const account = document.getElementById('account');

let history = new History();
let selected = null;
let timer = null;
let charts = null;
let generation = 0; // each start begins a new one: a poll of an older one, still in flight, then changes nothing

async function start() {
    clearTimeout(timer);
    const mine = ++generation;
    history = new History();
    let me = null;
    try {
        me = await api.me();
    } catch (error) {
        replace(main, failure(error));
        return;
    }
    if (mine !== generation) {
        return;
    }
    replace(account, me ? [h('span', {}, me.name), h('button', {type: 'button', class: 'link', id: 'logout',
        onclick: () => api.logout()}, 'Log out')] : []);
    if (!me) {
        replace(main, loginForm(start, 'Log in as an admin'));
        return;
    }
    if (me.role !== 'ADMIN') {
        replace(main, h('p', {class: 'failure'}, 'The dashboard is for admins; this account is a reader.'));
        return;
    }
    layout();
    poll(mine);
}

function layout() {
    const cards = h('section', {class: 'cards', id: 'cards', 'aria-label': 'This instance'});
    const table = h('tbody', {id: 'caches'});
    const chartArea = h('section', {class: 'charts', id: 'charts'});
    const status = h('p', {class: 'feed-status', id: 'poll-status'}); // not live: it changes every 2 s
    replace(main,
        h('h1', {}, 'Caches on this instance'), status, cards,
        h('div', {class: 'table-wrap'}, h('table', {},
            h('thead', {}, h('tr', {}, ['Cache', 'L1 entries', 'L1 weight / capacity', 'L1 hit ratio',
                'L2 hit ratio', 'Loads/s', 'Bloom rejects/s', 'Lease waits/s', 'Undelivered']
                .map(title => h('th', {scope: 'col'}, title)))),
            table)),
        h('h2', {id: 'selected-title'}, 'Cache'), actions(), chartArea);
    charts = {
        ratio: lineChart(chartArea, {title: 'Hit ratio per level', labels: ['L1', 'L2'], unit: '%', max: 100}),
        rates: lineChart(chartArea, {title: 'Per second', labels: ['loads', 'bloom rejections', 'lease waits']}),
        weight: lineChart(chartArea, {title: 'L1 weight against capacity', labels: ['weight', 'capacity'],
            unit: ' MB'}),
        lag: lineChart(chartArea, {title: 'Invalidation lag (other instances)', labels: ['p50', 'p99'],
            unit: ' ms'}),
    };
}

async function poll(mine) {
    const status = document.getElementById('poll-status');
    let overview = null;
    try {
        overview = await api.get('/api/admin/cache/overview');
    } catch (error) {
        if (mine !== generation) {
            return;
        }
        if (error instanceof ApiError && error.status === 401) {
            session.clear(); // the session ended (its refresh token too): the listener below shows the login
            return;
        }
        if (error instanceof ApiError && error.status === 403) {
            replace(main, h('p', {class: 'failure'}, 'This account is no longer an admin.'));
            return;
        }
        replace(status, failure(error));
    }
    if (mine !== generation) {
        return;
    }
    if (overview) {
        history.add(overview);
        show(overview);
        status.textContent = `Updated ${new Date(overview.at).toLocaleTimeString()}, every ${POLL_MILLIS / 1000} s.`;
    }
    timer = setTimeout(() => poll(mine), POLL_MILLIS);
}

function show(overview) {
    const names = Object.keys(overview.caches);
    if (!selected || !names.includes(selected)) {
        selected = busiest(overview.caches) ?? names[0];
    }
    const caches = Object.values(overview.caches);
    const lag = overview.invalidations;
    replace(document.getElementById('cards'),
        card('Redis circuit', overview.redisCircuit, `state-${overview.redisCircuit}`, 'circuit'),
        card('Invalidations received', compact(lag.received), '', 'invalidations'),
        card('Invalidation lag p99 / max', lag.received ? `${ms(lag.p99Millis)} / ${ms(lag.maxMillis)}` : '–', '',
            'lag'),
        card('Undelivered changes', caches.reduce((sum, stats) => sum + stats.undelivered, 0), '', 'undelivered'),
        card('Node', overview.node, '', 'node'));
    replace(document.getElementById('caches'), caches.map(row));
    document.getElementById('selected-title').textContent = `Cache ${selected}`;
    const columns = history.caches.get(selected);
    if (columns) {
        charts.ratio.update(columns.times, columns.l1, columns.l2);
        charts.rates.update(columns.times, columns.loads, columns.bloom, columns.leases);
        charts.weight.update(columns.times, columns.weight, columns.capacity);
    }
    charts.lag.update(history.lag.times, history.lag.p50, history.lag.p99);
}

/** The cache with the most L1 lookups so far: the one an operator opening the page most likely wants to see. */
function busiest(caches) {
    const lookups = stats => stats.l1 ? stats.l1.hits + stats.l1.misses : 0;
    const ranked = Object.values(caches).filter(stats => lookups(stats) > 0)
        .sort((a, b) => lookups(b) - lookups(a));
    return ranked[0]?.name;
}

function card(label, value, className, id) {
    return h('div', {class: 'card', id: `card-${id}`}, h('div', {class: 'label'}, label),
        h('div', {class: `value ${className}`}, value));
}

function row(stats) {
    const rates = history.latest.get(stats.name);
    const l1 = stats.l1;
    return h('tr', {class: stats.name === selected ? 'selected' : '', dataset: {cache: stats.name},
        onclick: () => {
            selected = stats.name;
            show(history.previous.overview);
        }},
        // A button, so that a keyboard can select the cache too (its click reaches the row's handler).
        h('th', {scope: 'row'}, h('button', {type: 'button', class: 'link'}, stats.name)),
        h('td', {}, l1 ? compact(l1.size) : 'off'),
        h('td', {}, l1 ? [h('meter', {min: 0, max: l1.capacityBytes, value: l1.weightBytes,
            'aria-label': `${stats.name} L1 weight against its capacity`}), ' ',
            `${bytes(l1.weightBytes)} / ${bytes(l1.capacityBytes)}`] : '–'),
        h('td', {class: 'l1-ratio'}, l1 ? ratioOf(l1.hitRatio, l1.hits + l1.misses) : 'off'),
        h('td', {class: 'l2-ratio'}, stats.l2 ? ratioOf(stats.l2.hitRatio,
            stats.l2.hits + stats.l2.absentHits + stats.l2.misses) : 'off'),
        h('td', {}, rates ? rate(rates.loads) : '–'),
        h('td', {}, rates ? rate(rates.bloom) : '–'),
        h('td', {}, rates ? rate(rates.leases) : '–'),
        h('td', {}, stats.undelivered));
}

/** Evict one id, or empty the whole cache, each after a confirmation naming exactly what will go. */
function actions() {
    const id = h('input', {type: 'number', min: 1, step: 1, id: 'evict-id', placeholder: 'id',
        'aria-label': 'Id to evict'});
    const result = h('span', {id: 'action-result', 'aria-live': 'polite'});
    const run = async (question, path) => {
        if (!await confirmed(question)) {
            return;
        }
        try {
            await api.del(path);
            result.textContent = 'Done on every instance.';
        } catch (error) {
            replace(result, failure(error));
        }
    };
    return h('div', {class: 'cache-actions'},
        id,
        h('button', {type: 'button', id: 'evict', class: 'quiet', onclick: () => {
            if (!/^[1-9][0-9]*$/.test(id.value)) {
                result.textContent = 'An id is a positive whole number.';
                return;
            }
            run(`Evict ${selected} entry ${id.value} from L1 and L2 on every instance?`,
                `/api/admin/cache/${encodeURIComponent(selected)}/${id.value}`);
        }}, 'Evict'),
        h('button', {type: 'button', id: 'clear', class: 'danger', onclick: () =>
            run(`Empty the whole ${selected} cache, L1 and L2, on every instance? Reads go to the database until it`
                + ' fills again.', `/api/admin/cache/${encodeURIComponent(selected)}`)}, 'Clear cache'),
        result);
}

function confirmed(question) {
    return new Promise(resolve => {
        const dialog = h('dialog', {id: 'confirm', 'aria-labelledby': 'confirm-question'},
            h('p', {id: 'confirm-question'}, question),
            h('form', {method: 'dialog', class: 'buttons'},
                h('button', {value: 'cancel', class: 'quiet', id: 'confirm-cancel'}, 'Cancel'),
                h('button', {value: 'ok', class: 'danger', id: 'confirm-ok'}, 'Confirm')));
        dialog.addEventListener('close', () => {
            dialog.remove();
            resolve(dialog.returnValue === 'ok');
        });
        document.body.append(dialog);
        dialog.showModal();
    });
}

/** A hit ratio since start, or a dash before the first lookup (0% would claim every lookup missed). */
const ratioOf = (value, lookups) => lookups === 0 ? '–' : `${(100 * value).toFixed(1)}%`;
const rate = value => value >= 10 ? Math.round(value).toString() : value.toFixed(1);
const bytes = count => count < 1024 * 1024 ? `${(count / 1024).toFixed(1)} KB`
    : `${(count / 1024 / 1024).toFixed(1)} MB`;
const ms = value => `${Math.round(value)} ms`;

window.addEventListener('newsfeed:session', () => {
    if (!session.signedIn()) {
        start();
    }
});
start();
