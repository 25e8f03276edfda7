// The API client: every call to the server's JSON API (/api/v1), with the session cookie and, on every
// state-changing request, the session's CSRF token in X-CSRF-Token. Failures become ApiError with the
// server's message (and its per-field details); a 401 (other than on /session itself) tells whoever listens that the
// session is over.

import { state } from './state.js';

let sessionEnded = () => {};

// Called when the server no longer knows the session (set once by the entry module).
export function whenSessionEnds(handler) {
  sessionEnded = handler;
}

export class ApiError extends Error {
  // details: the server's [{field, message}] naming each bad field (422 invalid_value), else [].
  constructor(status, code, text, details = []) {
    super(text);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

// raw: an answer that succeeded is returned as the Response itself (a file to read as it streams); signal: an
// AbortSignal that stops the request (its AbortError is thrown as it is).
export async function api(method, path, body, { raw = false, signal } = {}) {
  const headers = {};
  if (method !== 'GET' && state.session) headers['X-CSRF-Token'] = state.session.csrfToken;
  let payload;
  if (body instanceof Blob) {
    headers['Content-Type'] = 'text/csv';
    payload = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(`/api/v1${path}`, { method, headers, body: payload, credentials: 'same-origin', signal });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new ApiError(0, 'network', 'The server could not be reached. Check your connection and try again.');
  }
  if (raw && response.ok) return response;
  let data = null;
  if ((response.headers.get('content-type') || '').includes('json')) data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new ApiError(response.status, data?.error, data?.message || `The server answered ${response.status}.`, Array.isArray(data?.details) ? data.details : []);
    if (response.status === 401 && path !== '/session') sessionEnded();
    throw error;
  }
  return data;
}

// A path in the current workspace: ws('/contacts') is /workspaces/<id>/contacts.
export const ws = (path = '') => `/workspaces/${state.workspaceId}${path}`;
