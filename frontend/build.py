#!/usr/bin/env python3
"""Assembles frontend/dist: content-hashed JS, WASM and CSS under assets/, a boot
module (no inline script, so the CSP stays strict) and index.html."""
import hashlib
import pathlib
import shutil
import sys

here = pathlib.Path(__file__).parent
pkg = pathlib.Path(sys.argv[1])  # wasm-bindgen output
dist = here / "dist"
shutil.rmtree(dist, ignore_errors=True)
(dist / "assets").mkdir(parents=True)


def hashed(src: pathlib.Path, stem: str, ext: str, data: bytes | None = None) -> str:
    data = src.read_bytes() if data is None else data
    name = f"{stem}-{hashlib.sha256(data).hexdigest()[:16]}.{ext}"
    (dist / "assets" / name).write_bytes(data)
    return name


wasm = hashed(pkg / "switchboard_web_bg.wasm", "switchboard", "wasm")
js = hashed(pkg / "switchboard_web.js", "switchboard", "js")
style = hashed(here / "style.css", "style", "css")
boot_src = f"import init from './{js}';\ninit({{ module_or_path: new URL('./{wasm}', import.meta.url) }});\n".encode()
boot = hashed(pathlib.Path("boot.js"), "boot", "js", boot_src)
index = (here / "index.html").read_text()
for k, v in {"style": style, "js": js, "wasm": wasm, "boot": boot}.items():
    index = index.replace("{{" + k + "}}", v)
(dist / "index.html").write_text(index)
shutil.copy(here / "favicon.svg", dist / "favicon.svg")
print(f"dist: {wasm} ({(dist / 'assets' / wasm).stat().st_size} bytes), {js}, {style}")
