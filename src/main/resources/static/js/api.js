// The service's REST API as the pages use it: bearer tokens kept in localStorage (the service has no session or
// cookie, so there is no CSRF to defend against), RFC 9457 problems turned into errors, a refresh when the access
// token has expired, and conditional GETs that remember ETags so that a re-read costs a 304 and no body.

const TOKENS = 'newsfeed.tokens';

/** A call the service refused, with its problem details. */
export class ApiError extends Error {
    constructor(status, problem) {
        super(problem?.detail || problem?.title || `The service answered ${status}`);
        this.status = status;
        this.problem = problem;
    }
}

export const session = {
    tokens() {
        try {
            return JSON.parse(localStorage.getItem(TOKENS)) ?? null;
        } catch {
            return null;
        }
    },
    save(tokens) {
        localStorage.setItem(TOKENS, JSON.stringify(tokens));
        window.dispatchEvent(new Event('newsfeed:session'));
    },
    clear() {
        localStorage.removeItem(TOKENS);
        ownProfile = null;
        window.dispatchEvent(new Event('newsfeed:session'));
    },
    signedIn() {
        return this.tokens()?.token != null;
    },
};

// What each conditional GET last received: its ETag and body, so a 304 can be answered from here.
const remembered = new Map();
let ownProfile = null;

async function call(method, path, {body, signal, headers = {}, bearer} = {}) {
    const token = bearer ?? session.tokens()?.token;
    const init = {method, signal, cache: 'no-store', headers: {Accept: 'application/json', ...headers}};
    if (token) {
        init.headers.Authorization = `Bearer ${token}`;
    }
    if (body !== undefined) {
        init.headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
    }
    return fetch(path, init);
}

async function problemOf(response) {
    try {
        return await response.json();
    } catch {
        return null;
    }
}

/**
 * One call. On a 401 with a refresh token at hand: one new access token and one more try; when the refresh token
 * is refused too, the reader is logged out and the call is made once more without a token (a public read must not
 * fail because an old session expired).
 */
async function exchange(method, path, options = {}) {
    let response = await call(method, path, options);
    if (response.status !== 401 || options.bearer !== undefined || !session.tokens()?.refreshToken) {
        return response;
    }
    const renewed = await refreshed();
    if (renewed || !session.signedIn()) {
        response = await call(method, path, options);
    }
    return response;
}

let refreshing = null; // one refresh at a time: twenty parallel 401s share it

function refreshed() {
    refreshing ??= refresh().finally(() => {
        refreshing = null;
    });
    return refreshing;
}

async function refresh() {
    const tokens = session.tokens();
    let response;
    try {
        response = await call('PUT', '/api/authorizations', {bearer: tokens.refreshToken});
    } catch {
        return false; // the network: the session stays, the call fails as it did
    }
    const current = session.tokens();
    if (current?.refreshToken !== tokens.refreshToken) {
        return current != null; // logged out or in again meanwhile: that session wins
    }
    if (response.status === 401) {
        session.clear(); // the refresh token expired or was refused: log in again
        return false;
    }
    if (!response.ok) {
        return false; // 429, 503: the session stays, the call fails as it did
    }
    const {token} = await response.json();
    session.save({...current, token});
    return true;
}

async function json(method, path, options) {
    const response = await exchange(method, path, options);
    if (!response.ok) {
        throw new ApiError(response.status, await problemOf(response));
    }
    return response.status === 204 ? null : response.json();
}

export const api = {
    get: (path, options) => json('GET', path, options),
    post: (path, body, options) => json('POST', path, {...options, body}),
    del: (path, options) => json('DELETE', path, options),

    /**
     * A GET that sends the ETag it last saw: {body, status}, where status 304 means the service confirmed the
     * remembered body is still current (and sent none).
     */
    async revalidate(path, {signal} = {}) {
        const known = remembered.get(path);
        const headers = known ? {'If-None-Match': known.etag} : {};
        const response = await exchange('GET', path, {signal, headers});
        if (response.status === 304 && known) {
            return {body: known.body, status: 304};
        }
        if (!response.ok) {
            throw new ApiError(response.status, await problemOf(response));
        }
        const body = await response.json();
        const etag = response.headers.get('ETag');
        if (etag) {
            remembered.set(path, {etag, body});
        }
        return {body, status: response.status};
    },

    /** Forgets a remembered body: after the reader's own change, the next read must be a full one. */
    forget(path) {
        remembered.delete(path);
    },

    async login(mobile, password) {
        const tokens = await json('POST', '/api/authorizations', {body: {mobile, password}, bearer: ''});
        ownProfile = null; // before the save: its listeners ask for the new reader's profile, not the old one's
        session.save(tokens);
        return this.me();
    },

    logout() {
        session.clear();
    },

    /** The signed-in reader's own account (role included), or null when nobody is signed in. */
    async me() {
        if (!session.signedIn()) {
            return null;
        }
        if (!ownProfile) {
            try {
                ownProfile = await json('GET', '/api/user');
            } catch (error) {
                if (error.status === 401) {
                    session.clear();
                    return null;
                }
                throw error;
            }
        }
        return ownProfile;
    },
};
