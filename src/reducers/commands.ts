// Per command: events and distinct installs. Sorted by events, most first; ties by name.

import { DistinctCounter } from '../core/distinct-counter.js';
import type { InstallState } from '../core/install-state.js';
import type { CommandRow } from '../core/report.js';
import type { Reducer } from './reducer.js';

export function commandsReducer(state: InstallState): Reducer {
  const counter = new DistinctCounter(state);
  return {
    add({ size, command, install }) {
      counter.addAll(command, install, size);
    },
    finish({ commandNames, keep }) {
      const { events, installs } = counter.totals(commandNames.length, keep);
      const rows: CommandRow[] = [];
      commandNames.forEach((command, id) => {
        if (events[id] > 0) rows.push({ command, events: events[id], installs: installs[id] });
      });
      rows.sort((a, b) => b.events - a.events || (a.command < b.command ? -1 : a.command > b.command ? 1 : 0));
      return { commands: rows };
    },
    save(out) {
      counter.save(out);
    },
    absorb(input, ids) {
      return counter.absorb(input, ids.command, ids);
    },
  };
}
