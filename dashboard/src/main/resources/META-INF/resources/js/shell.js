// The header every page shares: navigation, the live indicator, the signed-in user and sign-out.
import { el, replace } from './dom.js';
import { postJson, session } from './api.js';

const PAGES = [
  ['index.html', 'Overview'],
  ['guest.html', 'Guests'],
  ['policies.html', 'Policies'],
  ['rollouts.html', 'Rollouts'],
  ['hosts.html', 'Hosts'],
  ['dead-letters.html', 'Dead letters'],
];

export async function shell(current) {
  const me = await session();
  replace('shell',
    el('span', { class: 'brand' }, 'fleetcompat'),
    el('nav', {}, PAGES.map(([href, label]) =>
      el('a', { href: `/${href}`, class: href === current ? 'current' : null }, label))),
    el('span', { id: 'live-status', 'data-state': 'down' }, 'connecting'),
    el('span', { class: 'user', id: 'user' }, `${me.user} (${me.roles.join(', ')})`),
    el('button', { type: 'button', class: 'link', onclick: signOut }, 'Sign out'));
  return me;
}

async function signOut() {
  try {
    await postJson('/api/session/logout');
  } finally {
    window.location.assign('/login.html');
  }
}
