// The classic-script test page: tokenizes the number in the form with window.PiiToken and shows
// the token, or the error, in #result. It never shows or logs the number.
const result = document.getElementById("result");
const form = document.getElementById("form");

function show(kind, text) {
  result.dataset.kind = kind;
  result.textContent = text;
}

if (window.PiiToken === undefined) {
  show("missing", "window.PiiToken is not defined");
} else {
  window.PiiToken.ready.then(
    () => {
      document.body.dataset.ready = "true";
    },
    (error) => {
      document.body.dataset.ready = "failed";
      show("error", `${error.name}: ${error.message}`);
    },
  );
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const input = document.getElementById("id-number");
  try {
    const token = await window.PiiToken.createPiiToken(input.value, { idType: "us_ssn" });
    show("token", JSON.stringify(token));
  } catch (error) {
    show("error", `${error.name}: ${error.code ?? ""} ${error.message}`);
  }
});
