/**
 * Posts a hidden journey form (it carries the CSRF token) with extra fields, follows the
 * server's redirect and shows the page it ends on. Returns false when the service could not be reached.
 * @param {HTMLFormElement} form
 * @param {Record<string, string>} fields
 */
export async function postAndFollow(form, fields) {
  const body = new URLSearchParams();
  for (const [name, value] of new FormData(form)) {
    if (typeof value === 'string') body.set(name, value);
  }
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  try {
    const response = await fetch(form.action, {
      method: 'POST',
      body,
      credentials: 'same-origin',
      redirect: 'follow',
      headers: { Accept: 'text/html' },
    });
    window.location.assign(response.url);
    return true;
  } catch {
    return false;
  }
}
