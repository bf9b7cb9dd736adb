// Real runbooks, mutated at random (fences, CRLF, quote markers, NUL…), still round-trip byte for byte.
import { test } from 'node:test';
import { readCorpus } from '../support/corpus';
import { mutatedFilesRoundTrip } from '../support/runbookChecks';

test('mutated corpus files round-trip', () => {
  mutatedFilesRoundTrip(readCorpus().filter((_, i) => i % 4 === 0).map((f) => f.bytes), 1500, 3);
});
