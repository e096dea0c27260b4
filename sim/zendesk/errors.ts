// Zendesk's error responses, with the bodies and headers API-NOTES.md records (§1, §9, §10).

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

export function unauthorized(): Response {
  return json({ error: "Couldn't authenticate you" }, 401, {
    'www-authenticate': 'Basic realm="Web Password"',
  });
}

/** A bearer token that is unknown, expired or revoked (OAuth 2 `invalid_token`, RFC 6750). */
export function invalidToken(): Response {
  return json(
    {
      error: 'invalid_token',
      error_description:
        'The access token provided is expired, revoked, malformed or invalid for other reasons.',
    },
    401,
    { 'www-authenticate': 'Bearer realm="Zendesk", error="invalid_token"' },
  );
}

export function forbiddenRole(): Response {
  return json(
    {
      error: {
        title: 'Forbidden',
        message:
          'You do not have access to this page. Please contact the account owner of this help desk for further help.',
      },
    },
    403,
  );
}

export function missingScope(scope: string): Response {
  return json(
    { error: 'Forbidden', description: `You are missing the following required scopes: ${scope}` },
    403,
  );
}

export function notFound(): Response {
  return json({ error: 'RecordNotFound', description: 'Not found' }, 404);
}

export function badRequest(error: string, description: string): Response {
  return json({ error, description }, 400);
}

export function tooManyRequests(retryAfterSeconds: number): Response {
  // The 429 body is plain text, not a JSON contract (API notes §9).
  return new Response('Number of allowed API requests per minute exceeded', {
    status: 429,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': String(retryAfterSeconds) },
  });
}

const STATUS_TEXT: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Server errors come from the edge as HTML pages, not JSON. */
export function serverError(status: number): Response {
  const text = STATUS_TEXT[status] ?? 'Error';
  const html = `<!DOCTYPE html><html><head><title>${status} ${text}</title></head><body><h1>${text}</h1><p>Something went wrong on our end. Please try again.</p></body></html>`;
  const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' };
  if (status === 503) headers['retry-after'] = '1';
  return new Response(html, { status, headers });
}
