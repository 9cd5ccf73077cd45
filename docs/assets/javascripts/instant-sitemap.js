// Instant navigation only intercepts links listed in sitemap.xml, with absolute URLs.
// The site has no fixed site_url (it is published under any host and sub-path), so the
// build writes root-relative <loc> entries and this shim resolves them against the
// site's real base before Material reads them. Loaded by docs/overrides/main.html before
// Material's bundle (a file, not an inline script, so a strict Content-Security-Policy allows it).
(function () {
  var config = document.getElementById("__config");
  var base = new URL(JSON.parse(config.textContent).base.replace(/\/?$/, "/"), location.href);
  var parse = DOMParser.prototype.parseFromString;
  DOMParser.prototype.parseFromString = function (text, type) {
    var doc = parse.call(this, text, type);
    if (type === "text/xml" && doc.documentElement && doc.documentElement.localName === "urlset") {
      doc.querySelectorAll("loc").forEach(function (loc) {
        if (!/^[a-z]+:/i.test(loc.textContent)) loc.textContent = new URL(loc.textContent, base).href;
      });
    }
    return doc;
  };
})();
