// JSON calls to the dashboard's REST API, with the session cookie. A redirect to the login page means the
// session expired: go there instead of trying to parse HTML.

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

export async function postJson(path, payload) {
  return handle(await fetch(path, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify(payload),
  }));
}

export function session() {
  return getJson('/api/session');
}
