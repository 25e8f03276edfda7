// The import wizard's frame (#/import): the title, the three part steps and the part on show; moving between parts.

import { $, h, main } from './dom.js';
import { renderPart1 } from './wizard-configure.js';
import { renderPart2 } from './wizard-mapping.js';
import { renderPart3 } from './wizard-review.js';
import { ensureWizard, wizard } from './wizard-state.js';

export function renderWizard() {
  ensureWizard();
  const parts = ['Part 1: Upload and configure', 'Part 2: Map CSV headers to Contact Fields', 'Part 3: Review import'];
  const steps = h('ol', { class: 'steps', 'aria-label': 'Import steps' },
    parts.map((title, i) => h('li', { class: i + 1 < wizard.part ? 'done' : '', 'aria-current': i + 1 === wizard.part ? 'step' : null, text: title })));
  const body = h('div', { id: 'wizard-body' });
  main().replaceChildren(h('h1', { id: 'wizard-title', tabindex: '-1', text: 'Import Contacts' }), steps, body);
  if (wizard.part === 1) renderPart1(body);
  else if (wizard.part === 2) renderPart2(body);
  else renderPart3(body);
}

export function goToPart(part) {
  wizard.part = part;
  renderWizard();
  $('#wizard-title').focus();
  window.scrollTo(0, 0);
}
