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

/** One call; on a 401 with a refresh token at hand, one new access token and one more try. */
async function exchange(method, path, options = {}) {
    let response = await call(method, path, options);
    if (response.status === 401 && options.bearer === undefined && session.tokens()?.refreshToken && await refreshed()) {
        response = await call(method, path, options);
    }
    return response;
}

async function refreshed() {
    const tokens = session.tokens();
    const response = await call('PUT', '/api/authorizations', {bearer: tokens.refreshToken});
    if (!response.ok) {
        session.clear();
        return false;
    }
    const {token} = await response.json();
    session.save({...tokens, token});
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
        session.save(tokens);
        ownProfile = null;
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
