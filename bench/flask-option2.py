# The seed's "Option 2: Save to File" collector from BAZINGA's telemetry document, as written there, under
# Flask's development server; only the port and the file come from the command line (and the port is
# printed once bound). Usage: python3 flask-option2.py PORT FILE
import json
import logging
import sys
from pathlib import Path

from flask import Flask, request, jsonify

app = Flask(__name__)
TRACKING_FILE = Path(sys.argv[2])

@app.route('/track', methods=['POST'])
def track():
    data = request.json

    # Append to JSONL file
    with open(TRACKING_FILE, 'a') as f:
        f.write(json.dumps(data) + '\n')

    return jsonify({"status": "ok"}), 200

if __name__ == '__main__':
    # the access log line per request goes to stderr, which the bench discards
    logging.getLogger('werkzeug').setLevel(logging.ERROR)
    print(f"listening on {sys.argv[1]}", file=sys.stderr, flush=True)
    app.run(host='127.0.0.1', port=int(sys.argv[1]))
