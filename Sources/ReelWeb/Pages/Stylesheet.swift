/// The one stylesheet and the one small script (progressive: every page works without it).
enum Stylesheet {
    /// Dark text on white (contrast well above 4.5:1), a visible focus ring, no colour-only meaning.
    static let css = """
        :root { --ink: #1b1b1b; --muted: #4a4a4a; --line: #c8c8c8; --accent: #0b4f8a; --bad: #9c1c1c; --ok: #1d5e20; --warn: #7a4b00; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: var(--ink); background: #fff; }
        a { color: var(--accent); }
        a:focus, button:focus, input:focus, select:focus, textarea:focus, video:focus, summary:focus, main:focus-visible {
          outline: 3px solid #ffbf47; outline-offset: 2px; }
        .skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5em; }
        .skip:focus { left: .5em; }
        header { display: flex; flex-wrap: wrap; gap: 1em; align-items: center; padding: .5em 1em; border-bottom: 2px solid var(--accent); }
        header .brand { margin: 0; font-weight: 700; } header .brand span { font-weight: 400; color: var(--muted); }
        nav ul { list-style: none; display: flex; gap: 1em; margin: 0; padding: 0; }
        nav a[aria-current] { font-weight: 700; text-decoration-thickness: 3px; }
        .account { margin-left: auto; }
        main { padding: 1em; max-width: 80em; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; vertical-align: top; padding: .35em .5em; border-bottom: 1px solid var(--line); }
        th { font-weight: 600; }
        img.poster { width: 160px; height: auto; display: block; background: #eee; }
        img.filmstrip { max-width: 100%; height: auto; }
        video { max-width: 100%; max-height: 60vh; background: #000; }
        .filters { display: flex; flex-wrap: wrap; gap: .75em 1.25em; align-items: end; margin-bottom: 1em; }
        .filters > div, .field { display: flex; flex-direction: column; }
        label { font-weight: 600; }
        input, select, button, textarea { font: inherit; padding: .3em .5em; border: 1px solid #6b6b6b; border-radius: 3px; }
        button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; }
        button.secondary { background: #fff; color: var(--accent); }
        button.danger { background: var(--bad); border-color: var(--bad); }
        .inline { display: inline; }
        .row { display: flex; flex-wrap: wrap; gap: .5em 1em; align-items: end; margin: .5em 0; }
        .flag { display: inline-block; border: 1px solid var(--warn); color: var(--warn); border-radius: 3px; padding: 0 .3em; margin: 0 .2em .2em 0; font-size: .9em; }
        .badge { display: inline-block; border-radius: 3px; padding: 0 .35em; font-size: .9em; border: 1px solid; }
        .consent-ok { color: var(--ok); } .consent-withdrawn, .consent-expired { color: var(--bad); font-weight: 700; } .consent-missing { color: var(--warn); }
        .error { color: var(--bad); border-left: 4px solid var(--bad); padding: .25em .75em; background: #fbeaea; }
        .notice { color: var(--ok); border-left: 4px solid var(--ok); padding: .25em .75em; background: #eaf5ea; }
        .muted { color: var(--muted); }
        .pager { display: flex; gap: 1em; margin: 1em 0; }
        progress { width: 20em; height: 1.2em; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; } dl.facts dt { font-weight: 600; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        """

    /// Job pages refresh their progress bar in place instead of reloading (the page also reloads by itself without JS).
    static let script = """
        document.addEventListener('DOMContentLoaded', () => {
          const job = document.querySelector('[data-job]');
          if (!job) return;
          const bar = job.querySelector('progress'), text = job.querySelector('[data-job-text]');
          const tick = async () => {
            try {
              const r = await fetch('/jobs/' + job.dataset.job + '/status', { credentials: 'same-origin' });
              const j = await r.json();
              if (bar) bar.value = j.progress;
              if (text) text.textContent = j.state === 'running' ? Math.round(j.progress * 100) + '% done' : j.state;
              if (j.state === 'running') setTimeout(tick, 700); else location.reload();
            } catch (e) { setTimeout(tick, 2000); }
          };
          setTimeout(tick, 500);
        });
        """
}
