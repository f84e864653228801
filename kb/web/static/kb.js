// Progressive enhancement only: on a fact page, scroll the full text to the highlighted
// quote (without script, the "Show it in the full text" link does the same).
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("fulltext");
  var mark = document.getElementById("quote");
  if (box && mark) {
    box.scrollTop = mark.offsetTop - box.offsetTop - box.clientHeight / 3;
  }
});
