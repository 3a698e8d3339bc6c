// The report's Print button (inline handlers are barred by the Content-Security-Policy).
"use strict";
document.querySelectorAll("[data-print]").forEach((b) => b.addEventListener("click", () => window.print()));
