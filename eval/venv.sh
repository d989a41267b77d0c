# Sourced by the eval scripts: sets $eval_python to a virtualenv's Python
# with eval/requirements.txt installed, kept in ~/.cache/precis-eval/venv and
# rebuilt when the requirements change. Run from the repository root.
venv="${XDG_CACHE_HOME:-$HOME/.cache}/precis-eval/venv"
stamp="$venv/.requirements.sha256"
wanted=$(sha256sum eval/requirements.txt | cut -d' ' -f1)
if [[ ! -x "$venv/bin/python" ]] || [[ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r eval/requirements.txt
    echo "$wanted" >"$stamp"
fi
eval_python="$venv/bin/python"
