// The correction form of an event page: posts to the corrections endpoint with the token the
// analyst typed, kept in sessionStorage (this tab only, gone when it closes).
const KEY = "frontlines.token";
const $ = (id) => document.getElementById(id);

function bodyOf(action) {
  const body = { action, author: $("author").value, reason: $("reason").value };
  if (action === "set") {
    body.field = $("field").value;
    const raw = $("value").value;
    body.value = body.field === "fatalities" && /^\d+$/.test(raw) ? Number(raw) : raw;
  }
  return body;
}

async function send(event) {
  event.preventDefault();
  const form = $("correction");
  const status = $("correction-status");
  const token = $("token").value.trim();
  sessionStorage.setItem(KEY, token);
  const action = $("action").value;
  const url = `/api/events/${encodeURIComponent(form.dataset.eventId)}/corrections`;
  status.textContent = "sending…";
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify(bodyOf(action)),
    });
    const answer = await response.json().catch(() => ({}));
    if (response.ok) {
      status.textContent = `correction ${answer.id} saved: reload to see the event as corrected`;
    } else {
      const detail = typeof answer.detail === "string" ? answer.detail : JSON.stringify(answer.detail || "");
      status.textContent = `refused (${response.status}): ${detail}`;
    }
  } catch (error) {
    status.textContent = `could not send: ${error.message}`;
  }
}

function fieldsFollowAction() {
  const set = $("action").value === "set";
  $("field").disabled = !set;
  $("value").disabled = !set;
}

const form = $("correction");
if (form) {
  $("token").value = sessionStorage.getItem(KEY) || "";
  $("action").addEventListener("change", fieldsFollowAction);
  form.addEventListener("submit", send);
  fieldsFollowAction();
}
