// The dmask console's only script besides htmx: every htmx request carries the page's CSRF token (the server
// refuses state changes without it).
document.addEventListener('htmx:configRequest', function (e) {
  var meta = document.querySelector('meta[name=csrf-token]');
  if (meta) {
    e.detail.headers['X-CSRF-Token'] = meta.content;
  }
});
