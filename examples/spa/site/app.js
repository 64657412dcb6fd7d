// Client-side routing: CloudFront answers every path without a file with index.html, and this resolves it.
const views = {
  "/": () => "<h1>Atlas</h1><p>Places worth a visit.</p>",
  "/places": () => "<h1>Places</h1><ul><li>Lisbon</li><li>Kyoto</li></ul>",
};

function render() {
  const view = views[location.pathname] || (() => "<h1>Not found</h1>");
  document.getElementById("view").innerHTML = view();
}

document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-route]");
  if (link) {
    event.preventDefault();
    history.pushState({}, "", link.getAttribute("href"));
    render();
  }
});
window.addEventListener("popstate", render);
render();
