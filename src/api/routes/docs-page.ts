// A self-contained API reference page (no CDN: servers here have no outbound network) that reads the OpenAPI
// document and lists every operation with its parameters, body and responses.
export function renderDocsPage(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Grantscope API reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:960px;padding:0 1rem;color:#1a1b1e}
h1{font-size:1.6rem}h2{font-size:1.1rem;margin:2rem 0 .5rem}code,pre{font:13px ui-monospace,monospace;background:#f4f5f7;border-radius:4px}
pre{padding:.6rem;overflow:auto}.m{display:inline-block;min-width:4.5rem;font-weight:700}.get{color:#2b8a3e}.post{color:#1864ab}
.patch{color:#e67700}.delete{color:#c92a2a}details{border-bottom:1px solid #e9ecef;padding:.4rem 0}summary{cursor:pointer}</style></head>
<body><h1>Grantscope API reference</h1><p>The machine-readable document is <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).
Authenticate with <code>Authorization: Bearer &lt;API key&gt;</code>.</p><div id="ops">Loading…</div>
<script src="/api/docs.js"></script></body></html>`;
}

export const DOCS_SCRIPT = `fetch('/api/openapi.json').then(r=>r.json()).then(doc=>{const root=document.getElementById('ops');root.textContent='';
const esc=s=>String(s).replace(/[&<>"]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
const byTag={};for(const [p,ops] of Object.entries(doc.paths||{}))for(const [m,op] of Object.entries(ops)){const t=(op.tags||['other'])[0];(byTag[t]=byTag[t]||[]).push([m,p,op]);}
for(const [tag,ops] of Object.entries(byTag)){const h=document.createElement('h2');h.textContent=tag;root.appendChild(h);
for(const [m,p,op] of ops){const d=document.createElement('details');d.innerHTML='<summary><span class="m '+m+'">'+m.toUpperCase()+'</span> <code>'+esc(p)+'</code> — '+esc(op.summary||'')+'</summary>'
+(op.description?'<p>'+esc(op.description)+'</p>':'')+(op.parameters&&op.parameters.length?'<p><b>Parameters</b></p><pre>'+esc(JSON.stringify(op.parameters,null,2))+'</pre>':'')
+(op.requestBody?'<p><b>Body</b></p><pre>'+esc(JSON.stringify(op.requestBody.content,null,2))+'</pre>':'')+'<p><b>Responses</b></p><pre>'+esc(JSON.stringify(op.responses,null,2))+'</pre>';root.appendChild(d);}}});`;
