#!/bin/sh
# Put Workshop App in this user's applications menu, with its icon (no administrator rights).
# Run it again after moving this folder; remove ~/.local/share/applications/workshop-app.desktop
# to take the entry away.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
for size in 16 24 32 48 64 128 256 512 1024; do
    mkdir -p "$data/icons/hicolor/${size}x${size}/apps"
    cp "$here/share/icons/workshop-app-$size.png" "$data/icons/hicolor/${size}x${size}/apps/workshop-app.png"
done
mkdir -p "$data/applications"
sed "s|^Exec=.*|Exec=\"$here/workshop-app\"|" "$here/share/workshop-app.desktop" \
    > "$data/applications/workshop-app.desktop"
echo "Workshop App is now in the applications menu (it runs $here/workshop-app)."
