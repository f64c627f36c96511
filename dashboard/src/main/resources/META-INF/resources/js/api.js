// JSON calls to the dashboard's REST API, with the session cookie. A redirect to the login page means the
// session expired: go there instead of trying to parse HTML. Every POST carries the CSRF token that
// GET /api/session hands out (the server refuses a state-changing request without it, 403).

let csrfToken = null;

export class ApiFailure extends Error {
  constructor(status, body) {
    super(body && body.message ? `${status} ${body.error}: ${body.message}` : `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function handle(response) {
  if (response.redirected && response.url.includes('/login.html')) {
    window.location.assign('/login.html');
    throw new ApiFailure(401, { error: 'signed out', message: 'sign in again' });
  }
  const type = response.headers.get('content-type') || '';
  const body = type.includes('application/json') ? await response.json() : null;
  if (!response.ok) throw new ApiFailure(response.status, body);
  return body;
}

export async function getJson(path) {
  return handle(await fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' }));
}

function send(path, payload) {
  return fetch(path, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken },
    credentials: 'same-origin',
    body: payload === undefined ? undefined : JSON.stringify(payload),
  });
}

// A token the server no longer accepts (e.g. its key changed) is fetched again once.
export async function postJson(path, payload) {
  if (!csrfToken) await session();
  let response = await send(path, payload);
  if (response.status === 403 && (await response.clone().json().catch(() => ({}))).error === 'csrf token missing or invalid') {
    await session();
    response = await send(path, payload);
  }
  return handle(response);
}

export async function session() {
  const me = await getJson('/api/session');
  csrfToken = me.csrfToken;
  return me;
}
