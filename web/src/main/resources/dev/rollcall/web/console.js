// Rollcall console: the one script. The pages work without it; it only makes the "all"
// boxes of the review tick or untick every box of their column on the page shown.
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('input.toggle-all').forEach(function (all) {
    var column = all.getAttribute('data-column');
    var boxes = function () { return document.querySelectorAll('input.' + column + '[type=checkbox]'); };
    var list = boxes();
    all.checked = list.length > 0 && Array.prototype.every.call(list, function (b) { return b.checked; });
    all.addEventListener('change', function () {
      boxes().forEach(function (b) { b.checked = all.checked; });
    });
  });
});
