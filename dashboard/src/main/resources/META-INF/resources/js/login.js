// The form posts to Quarkus' form authentication; it sends failed sign-ins back here with ?error=1.
if (new URLSearchParams(window.location.search).has('error')) {
  document.getElementById('login-error').hidden = false;
}
