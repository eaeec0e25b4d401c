// Authors' public profiles, fetched once per page load and shared by every view that names them (a feed page of 20
// articles by 12 authors costs 12 reads, each an L1 hit on the service).

import {api} from './api.js';

const profiles = new Map();

/** The author's profile, or null when it is not public (a disabled account answers 404). */
export function author(id) {
    if (!profiles.has(id)) {
        profiles.set(id, api.get(`/api/users/${id}`).catch(error => {
            if (error.status === 404) {
                return null;
            }
            profiles.delete(id); // a failure is not remembered: the next view asks again
            throw error;
        }));
    }
    return profiles.get(id);
}

/** Fills a link with the author's name once it is known. */
export function nameInto(link, id) {
    author(id).then(profile => {
        link.textContent = profile ? profile.name : 'a former author';
    }, () => {
        link.textContent = `author ${id}`;
    });
    return link;
}
