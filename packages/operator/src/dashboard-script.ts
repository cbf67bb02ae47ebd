/**
 * The dashboard's script (inlined into the page, plain ES2020, no dependencies). It polls
 * `api/v1/status` and `api/v1/history` (relative, so the page also works behind a path prefix),
 * builds the DOM with `textContent` only (no HTML injection from node names or error texts) and
 * draws each pool's chart as SVG. `?poll=<ms>` sets the interval (200..60000, default 2000).
 */
export const DASHBOARD_SCRIPT = String.raw`
(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  var q = Number(new URLSearchParams(location.search).get('poll'));
  var POLL = Math.min(60000, Math.max(200, q > 0 ? q : 2000));
  var updates = 0;

  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    (kids || []).forEach(function (c) {
      if (c === null || c === undefined) return;
      e.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
    });
    return e;
  }
  function sv(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    for (var k in attrs) e.setAttribute(k, String(attrs[k]));
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function fill(id, node) {
    var host = document.getElementById(id);
    host.replaceChildren(node);
  }
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function hhmm(ms) { var d = new Date(ms); return pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()); }
  function num(x, digits) {
    return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }
  function gib(kb) {
    var g = kb / 1048576;
    return g >= 1024 ? num(g / 1024, 2) + ' TiB' : num(g, g >= 100 ? 0 : 1) + ' GiB';
  }
  function statusClass(s) {
    return { done: 'ok', finished: 'ok', completed: 'ok', failed: 'bad', error: 'bad', running: 'run',
      inProgress: 'run', delayed: 'warn', warn: 'warn', awaitingApproval: 'warn', rolledBack: 'warn',
      ClusteredNormal: 'ok', Normal: 'ok', Connected: 'ok', Disconnected: 'bad' }[s] || '';
  }
  function pill(text, cls) { return el('span', { class: 'pill ' + (cls || statusClass(text)) }, [text]); }
  function empty(text) { return el('p', { class: 'empty' }, [text]); }

  function healingPill(h) {
    var p = !h.enabled ? pill('healing off', 'off') : h.paused ? pill('healing paused', 'warn')
      : h.dryRun ? pill('healing on (dry run)', 'warn') : h.approvalMode ? pill('healing on (approval)', 'ok')
      : pill('healing on', 'ok');
    p.setAttribute('data-testid', 'healing-mode');
    return p;
  }

  function header(s) {
    var f = s.framework;
    fill('fw', el('span', {}, [
      el('span', { class: 'meta' }, ['framework ', el('b', { 'data-testid': 'framework-id' }, [f.id || '(not registered)'])]), ' ',
      el('span', { class: 'meta' }, ['master ', el('b', {}, [f.master || '-'])]), ' ',
      pill(f.subscribed ? 'subscribed' : 'not subscribed', f.subscribed ? 'ok' : 'bad'), ' ',
      pill(f.leader ? 'leader' : 'standby', f.leader ? 'ok' : 'warn'), ' ',
      pill(s.deploy.complete ? 'deploy complete' : 'deploying', s.deploy.complete ? 'ok' : 'run'), ' ',
      healingPill(s.healing), ' ',
      el('span', { class: 'meta' }, ['updated ' + hhmm(s.generatedAtMs)])
    ]));
  }

  function nodes(s) {
    if (s.nodes.length === 0) return fill('nodes', empty('No nodes yet: waiting for offers.' +
      (s.deploy.waiting.length ? ' ' + s.deploy.waiting.join('; ') : '')));
    var rows = s.nodes.map(function (n) {
      var pct = n.stepsTotal ? Math.round(100 * n.stepsDone / n.stepsTotal) : 0;
      var cls = n.status === 'failed' ? 'failed' : n.phase === 'done' ? 'done' : '';
      return el('tr', { 'data-testid': 'node', 'data-host': n.hostname, 'data-phase': n.phase }, [
        el('td', {}, [el('b', {}, [n.hostname]), el('div', { class: 'small' }, [n.agentId])]),
        el('td', {}, [n.role]), el('td', {}, [n.faultSet || '-']),
        el('td', {}, [n.phase]), el('td', {}, [n.step]), el('td', {}, [pill(n.status)]),
        el('td', {}, [el('span', { class: 'bar ' + cls, title: pct + '%' }, [el('span', { style: 'width:' + pct + '%' })]),
          ' ', el('span', { class: 'small' }, [n.stepsDone + '/' + n.stepsTotal])]),
        el('td', { class: 'err' }, [n.lastError || ''])
      ]);
    });
    var head = el('tr', {}, ['Node', 'Role', 'Fault set', 'Phase', 'Step', 'Status', 'Progress', 'Last error']
      .map(function (h) { return el('th', {}, [h]); }));
    fill('nodes', el('table', {}, [el('thead', {}, [head]), el('tbody', {}, rows)]));
  }

  function mdm(s) {
    var sys = s.system;
    if (!sys) return fill('mdm', empty('ScaleIO system not reachable yet.'));
    var c = sys.mdmCluster;
    var kv = el('dl', { class: 'kv' }, [
      el('dt', {}, ['System']), el('dd', {}, [sys.name + ' (' + sys.id + ')']),
      el('dt', {}, ['Version']), el('dd', {}, [sys.version || '-']),
      el('dt', {}, ['Cluster mode']), el('dd', { 'data-testid': 'mdm-mode' }, [c.mode]),
      el('dt', {}, ['Cluster state']), el('dd', { 'data-testid': 'mdm-state' }, [pill(c.state, c.state === 'ClusteredNormal' ? 'ok' : 'bad')])
    ]);
    var rows = c.members.map(function (m) {
      return el('tr', { 'data-testid': 'mdm-member', 'data-role': m.role }, [el('td', {}, [m.name]), el('td', {}, [m.role]),
        el('td', {}, [m.zone || '-']), el('td', {}, [m.ip]), el('td', {}, [pill(m.status)])]);
    });
    fill('mdm', el('div', {}, [kv, el('table', {}, [el('thead', {}, [el('tr', {}, ['MDM', 'Role', 'Zone', 'IP', 'Status']
      .map(function (h) { return el('th', {}, [h]); }))]), el('tbody', {}, rows)])]));
  }

  function chart(pool, hist, ledger) {
    var W = 960, H = 260, L = 40, R = 10, T = 10, B = 24;
    var pts = hist ? hist.points : [];
    var exps = ledger.filter(function (e) { return e.pool === pool.name || e.pool === pool.key; });
    var svg = sv('svg', { class: 'chart', viewBox: '0 0 ' + W + ' ' + H, 'data-testid': 'chart', 'data-pool': pool.key,
      'data-points': pts.length, role: 'img', 'aria-label': 'percent full of ' + pool.key + ' over time' });
    var t0 = pts.length ? pts[0].atMs : Date.now() - 60000, t1 = pts.length ? pts[pts.length - 1].atMs : Date.now();
    if (t1 - t0 < 60000) t0 = t1 - 60000;
    function x(t) { return L + (W - L - R) * (t - t0) / (t1 - t0); }
    function y(p) { return T + (H - T - B) * (1 - Math.max(0, Math.min(100, p)) / 100); }
    [0, 25, 50, 75, 100].forEach(function (p) {
      svg.appendChild(sv('line', { x1: L, x2: W - R, y1: y(p), y2: y(p), stroke: '#eef1f5' }));
      svg.appendChild(sv('text', { x: L - 4, y: y(p) + 3, 'text-anchor': 'end' }, p + '%'));
    });
    svg.appendChild(sv('text', { x: L, y: H - 6 }, hhmm(t0)));
    svg.appendChild(sv('text', { x: W - R, y: H - 6, 'text-anchor': 'end' }, hhmm(t1)));
    [['trigger', pool.thresholds.triggerPercent, '#d64545'], ['clear', pool.thresholds.clearPercent, '#d98b06']]
      .forEach(function (th) {
        svg.appendChild(sv('line', { x1: L, x2: W - R, y1: y(th[1]), y2: y(th[1]), stroke: th[2],
          'stroke-dasharray': '6 4', 'data-threshold': th[0] }));
        svg.appendChild(sv('text', { x: W - R - 2, y: y(th[1]) - 3, 'text-anchor': 'end', style: 'fill:' + th[2] },
          th[0] + ' ' + th[1] + '%'));
      });
    exps.forEach(function (e) {
      if (e.atMs < t0 || e.atMs > t1) return;
      var c = e.state === 'failed' ? '#d64545' : e.dryRun ? '#6b7785' : '#1f9d55';
      var g = sv('g', { 'data-testid': 'expansion', 'data-seq': e.seq });
      g.appendChild(sv('line', { x1: x(e.atMs), x2: x(e.atMs), y1: T, y2: H - B, stroke: c, 'stroke-width': 1.5 }));
      g.appendChild(sv('path', { d: 'M' + (x(e.atMs) - 5) + ' ' + T + 'h10l-5 7z', fill: c }));
      g.appendChild(sv('text', { x: x(e.atMs) + 4, y: T + 18, style: 'fill:' + c }, '+' + e.sizeGiB + ' GiB' + (e.dryRun ? ' (dry run)' : '')));
      g.appendChild(sv('title', {}, 'expansion #' + e.seq + ' ' + e.state + ' on ' + e.node));
      svg.appendChild(g);
    });
    if (pts.length) {
      var line = pts.map(function (p) { return x(p.atMs).toFixed(1) + ',' + y(p.percentFull).toFixed(1); }).join(' ');
      var area = 'M' + x(pts[0].atMs).toFixed(1) + ',' + y(0) + ' L' + line.split(' ').join(' L') +
        ' L' + x(pts[pts.length - 1].atMs).toFixed(1) + ',' + y(0) + 'Z';
      svg.appendChild(sv('path', { d: area, fill: 'rgba(47,111,219,0.10)' }));
      svg.appendChild(sv('polyline', { points: line, fill: 'none', stroke: '#2f6fdb', 'stroke-width': 2, 'data-testid': 'series' }));
      var last = pts[pts.length - 1];
      svg.appendChild(sv('circle', { cx: x(last.atMs), cy: y(last.percentFull), r: 3.5, fill: '#2f6fdb' }));
    } else svg.appendChild(sv('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle' }, 'no samples yet'));
    return svg;
  }

  function capacity(c) {
    var kinds = [['total', 'Total (raw)', c.maxKb], ['spare', 'Spare (rebuild reserve)', c.spareKb],
      ['usable', 'Usable (total - spare)', c.usableKb], ['in-use', 'In use', c.inUseKb], ['free', 'Free', c.freeKb]];
    return el('dl', { class: 'kv capacity' }, kinds.reduce(function (acc, k) {
      return acc.concat([el('dt', {}, [k[1]]), el('dd', { 'data-testid': 'capacity-' + k[0], 'data-kb': k[2] }, [gib(k[2])])]);
    }, []));
  }

  function pools(s, h) {
    if (s.pools.length === 0) return fill('pools', empty('No storage pools yet.'));
    var byKey = {};
    (h.pools || []).forEach(function (p) { byKey[p.key] = p; });
    fill('pools', el('div', { class: 'pools' }, s.pools.map(function (p) {
      var c = p.capacity, th = p.thresholds;
      var over = p.percentFull !== null && th.triggerPercent > 0 && p.percentFull >= th.triggerPercent;
      return el('div', { class: 'pool', 'data-testid': 'pool', 'data-pool': p.key }, [
        el('h3', {}, [p.protectionDomain + ' / ' + p.name]),
        el('div', {}, [el('span', { class: 'big', style: over ? 'color:#d64545' : '', 'data-testid': 'percent-full' },
          [p.percentFull === null ? '-' : p.percentFull + '%']), ' ',
          el('span', { class: 'small' }, [c ? gib(c.inUseKb) + ' in use of ' + gib(c.usableKb) + ' usable' : 'no sample yet'])]),
        c ? capacity(c) : null,
        el('p', { class: 'small', 'data-testid': 'thresholds', 'data-trigger': th.triggerPercent, 'data-clear': th.clearPercent },
          [(s.healing.enabled ? 'healing expands at ' : 'healing off; its policy would expand at ') + th.triggerPercent +
            '% and re-arms under ' + th.clearPercent + '%']),
        chart(p, byKey[p.key], s.ledger.entries)
      ]);
    })));
  }

  function ledger(s) {
    var es = s.ledger.entries;
    if (es.length === 0) return fill('ledger', empty('No expansions.'));
    fill('ledger', el('table', {}, [el('thead', {}, [el('tr', {}, ['#', 'Time', 'Pool', 'Node', 'Size', 'State', 'Volume', 'Reason']
      .map(function (x) { return el('th', {}, [x]); }))]), el('tbody', {}, es.map(function (e) {
      return el('tr', { 'data-testid': 'ledger-entry' }, [el('td', {}, [e.seq]), el('td', {}, [hhmm(e.atMs)]), el('td', {}, [e.pool]),
        el('td', {}, [e.node]), el('td', {}, [e.sizeGiB + ' GiB' + (e.dryRun ? ' (dry run)' : '')]), el('td', {}, [pill(e.state)]),
        el('td', {}, [e.volume || '-']), el('td', { class: 'err' }, [e.reason || ''])]);
    }))]));
  }

  function upgrade(s) {
    var u = s.upgrade;
    if (!u) return fill('upgrade', empty('No upgrade has run.'));
    var head = el('p', { 'data-testid': 'upgrade-summary' }, [u.from + ' → ' + u.target + ' ',
      pill(u.state, u.state === 'stopped' ? 'bad' : u.state === 'paused' ? 'warn' : ''), ' ',
      u.done + ' of ' + u.total + ' steps done', u.reason ? el('span', { class: 'small' }, [' — ' + u.reason]) : null]);
    fill('upgrade', el('div', {}, [head, el('table', {}, [el('thead', {}, [el('tr', {}, ['Step', 'Host', 'Status', 'Tries', 'Error']
      .map(function (x) { return el('th', {}, [x]); }))]), el('tbody', {}, u.steps.map(function (x) {
      return el('tr', { 'data-testid': 'upgrade-step' }, [el('td', {}, [x.id]), el('td', {}, [x.host]), el('td', {}, [pill(x.status)]),
        el('td', {}, [x.attempts]), el('td', { class: 'err' }, [x.lastError || ''])]);
    }))])]));
  }

  function events(s) {
    if (s.events.length === 0) return fill('events', empty('No events yet.'));
    fill('events', el('ul', { class: 'events' }, s.events.map(function (e) {
      return el('li', { 'data-testid': 'event' }, [el('time', {}, [hhmm(e.atMs)]), pill(e.level, e.level === 'info' ? '' : e.level === 'warn' ? 'warn' : 'bad'),
        el('b', {}, [e.kind]), e.node ? el('span', { class: 'small' }, [e.node]) : null, el('span', {}, [e.message])]);
    })));
  }

  function getJson(path) {
    return fetch(path, { cache: 'no-store' }).then(function (r) {
      if (!r.ok) throw new Error(path + ': HTTP ' + r.status);
      return r.json();
    });
  }

  function poll() {
    Promise.all([getJson('api/v1/status'), getJson('api/v1/history').catch(function () { return { pools: [] }; })])
      .then(function (r) {
        var s = r[0], h = r[1];
        header(s); nodes(s); mdm(s); pools(s, h); ledger(s); events(s); upgrade(s);
        document.getElementById('banner').className = '';
        updates += 1;
        document.body.setAttribute('data-updates', String(updates));
      })
      .catch(function (e) {
        var b = document.getElementById('banner');
        b.textContent = 'Cannot reach the scheduler: ' + e.message;
        b.className = 'show';
      })
      .finally(function () { setTimeout(poll, POLL); });
  }
  poll();
})();
`;
