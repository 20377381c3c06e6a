#!/bin/sh
# The four jq recipes from BAZINGA's telemetry document (docs: "Analyzing Your Data"), run one after another on
# FILE, as people answer the four questions today. Each recipe's output is preceded by a "## name" line.
# Usage: bench/jq-recipes.sh FILE
set -eu
if [ $# -ne 1 ]; then echo "usage: $0 FILE" >&2; exit 2; fi
FILE=$1
command -v jq >/dev/null 2>&1 || { echo "jq-recipes: jq is not installed (apt-get install -y jq)" >&2; exit 127; }

echo "## uniques"
# Total Unique Installations
cat "$FILE" | jq -r .uuid | sort -u | wc -l

echo "## daily"
# Installations Over Time (group by date)
cat "$FILE" | jq -r '.timestamp[:10]' | sort | uniq -c

echo "## versions"
# Version Distribution
cat "$FILE" | jq -r .version | sort | uniq -c | sort -rn

echo "## commands"
# Command Distribution
cat "$FILE" | jq -r .command | sort | uniq -c
