// Builds elements from data through textContent and attributes only: nothing a server or a user wrote is ever
// parsed as HTML, so an article titled "<script>" stays a title.

/**
 * h('a', {href: '#/x', class: 'link', onclick: fn}, 'text', child): an element. Props: `class`, `on<event>`
 * handlers, `dataset` (an object), boolean attributes as true/false, everything else as an attribute. Children:
 * nodes, strings, numbers; null, undefined and false are skipped; arrays are flattened.
 */
export function h(tag, props = {}, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(props ?? {})) {
        if (value === null || value === undefined || value === false) {
            continue;
        }
        if (name === 'class') {
            element.className = value;
        } else if (name === 'dataset') {
            Object.assign(element.dataset, value);
        } else if (name.startsWith('on') && typeof value === 'function') {
            element.addEventListener(name.slice(2), value);
        } else {
            element.setAttribute(name, value === true ? '' : String(value));
        }
    }
    append(element, children);
    return element;
}

function append(element, children) {
    for (const child of children) {
        if (child === null || child === undefined || child === false) {
            continue;
        }
        if (Array.isArray(child)) {
            append(element, child);
        } else {
            element.append(child instanceof Node ? child : String(child));
        }
    }
}

/** Empties a container and puts the given children in it. */
export function replace(container, ...children) {
    container.replaceChildren();
    append(container, children);
    return container;
}

/** "3 min ago", "yesterday", or a date: how a feed shows a publish time. */
export function ago(iso, now = Date.now()) {
    const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
    if (seconds < 60) {
        return 'just now';
    }
    if (seconds < 3600) {
        return `${Math.floor(seconds / 60)} min ago`;
    }
    if (seconds < 86400) {
        return `${Math.floor(seconds / 3600)} h ago`;
    }
    if (seconds < 2 * 86400) {
        return 'yesterday';
    }
    return new Date(iso).toLocaleDateString(undefined, {year: 'numeric', month: 'short', day: 'numeric'});
}

const COMPACT = new Intl.NumberFormat(undefined, {notation: 'compact', maximumFractionDigits: 1});

/** A count as a reader reads it: 1234 -> "1.2k". */
export function compact(count) {
    return COMPACT.format(count);
}

/**
 * "<b>1.2k</b> likes": a count and what it counts, its exact value in the number's {@code data-value} (so a view can
 * change it, and a test read it).
 */
export function count(value, label, className = '') {
    return h('span', {class: `count ${className}`.trim()}, h('b', {dataset: {value}}, compact(value)), ` ${label}`);
}

/** The message a failed call shows: the problem's detail when the service sent one. */
export function failure(error) {
    return h('p', {class: 'failure', role: 'alert'}, error?.message ?? String(error));
}
