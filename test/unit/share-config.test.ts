// The share's configuration and error messages: the password in no message, every failure clear.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { maskedShareUrl, serverIdentity, shareConfig, shareConfigFromEnv, withPassword } from '../../src/core/share/config';
import { maskText, shareError, ShareFatalError } from '../../src/core/share/connect';
import { compareStreamIds } from '../../src/core/share/share';

const PW = 'p@ss:w/rd%21';
const URL_WITH_PW = `rediss://responder:${encodeURIComponent(PW)}@redis.example.com:6380/2`;

describe('share configuration', () => {
  test('the URL is shown with its password masked, whatever its spelling', () => {
    assert.equal(maskedShareUrl('redis://alice:s3cret@host:6379/0'), 'redis://alice:••••@host:6379/0');
    assert.equal(maskedShareUrl(':s3cret'), '(an unreadable share URL)');
    assert.equal(maskedShareUrl('redis://host'), 'redis://host');
    assert.equal(maskedShareUrl('redis://:only-pw@host'), 'redis://:••••@host');
    const masked = maskedShareUrl(URL_WITH_PW);
    assert.ok(!masked.includes(encodeURIComponent(PW)) && masked.includes('••••'), masked);
    assert.equal(maskedShareUrl('redis://u:pw with space@h'), 'redis://u:••••@h');
  });

  test('only redis:// and rediss:// URLs, with a plain prefix; nothing configured is undefined', () => {
    assert.throws(() => shareConfig(`http://u:${encodeURIComponent(PW)}@h`), (e: Error) => /must start with redis:\/\/ or rediss:\/\//.test(e.message) && !e.message.includes(encodeURIComponent(PW)));
    // A password not percent-encoded breaks the URL; the message still masks all of it.
    assert.throws(() => shareConfig(`redis://u:${PW}@h`), (e: Error) => e.message.includes('redis://u:••••@h is not a URL') && !e.message.includes('w/rd'));
    assert.throws(() => shareConfig('not a url'), /is not a URL/);
    assert.throws(() => shareConfig('redis://h', 'a b'), /prefix 'a b' may hold only/);
    assert.equal(shareConfig('redis://h').prefix, 'runbook');
    assert.equal(shareConfigFromEnv({}), undefined);
    assert.equal(shareConfigFromEnv({ RUNBOOK_SHARE_URL: '  ' }), undefined);
    const c = shareConfigFromEnv({ RUNBOOK_SHARE_URL: 'redis://env', RUNBOOK_SHARE_PREFIX: 'team-a' }, 'redis://flag');
    assert.deepEqual([c?.url, c?.prefix], ['redis://flag', 'team-a']);
  });

  test('a password kept apart (SecretStorage) goes into the URL encoded; one already there is kept', () => {
    const url = withPassword('rediss://responder@redis.example.com:6380', PW);
    assert.equal(decodeURIComponent(new URL(url).password), PW);
    assert.equal(new URL(url).username, 'responder');
    assert.equal(withPassword('redis://u:mine@h', PW), 'redis://u:mine@h');
    assert.equal(withPassword('redis://h', undefined), 'redis://h');
  });

  test("the state file's server identity leaves the credentials out", () => {
    const id = serverIdentity(shareConfig(URL_WITH_PW, 'p'));
    assert.equal(id, 'rediss://redis.example.com:6380/2 p');
  });
});

describe('share errors', () => {
  const config = shareConfig(URL_WITH_PW);
  const e = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});

  test('each failure says what to do, and names the server masked', () => {
    const cases: Array<[Error, RegExp, boolean]> = [
      [e('WRONGPASS invalid username-password pair or user is disabled.'), /refused the credentials \(WRONGPASS\)/, true],
      [e('NOAUTH Authentication required.'), /refused the credentials \(NOAUTH\)/, true],
      [e("NOPERM this user has no permissions to run the 'xadd' command"), /ACL needs/, true],
      [e('self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT'), /not trusted .*RUNBOOK_SHARE_CA/, true],
      [e('unable to verify the first certificate', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'), /not trusted/, true],
      [e('wrong version number', 'ERR_SSL_WRONG_VERSION_NUMBER'), /a TLS port \(rediss:\/\/\) or a plain one/, true],
      [e('connect ETIMEDOUT', 'ETIMEDOUT'), /no answer .* within 3 s \(with rediss:\/\/, also a plain port/, false],
      [e('connect ECONNREFUSED 10.0.0.1:6380', 'ECONNREFUSED'), /refuses connections/, false],
      [e('getaddrinfo ENOTFOUND redis.example.com', 'ENOTFOUND'), /host .* is not found/, false],
      [e(`something odd about ${URL_WITH_PW} and ${PW}`), /something odd about rediss:\/\/responder:••••@redis\.example\.com:6380\/2 and ••••/, false],
    ];
    for (const [err, expected, fatal] of cases) {
      const out = shareError(err, config);
      assert.match(out.message, expected);
      assert.match(out.message, /rediss:\/\/responder:••••@redis\.example\.com:6380\/2/);
      assert.equal(out instanceof ShareFatalError, fatal, out.message);
      assert.ok(!out.message.includes(PW) && !out.message.includes(encodeURIComponent(PW)), out.message);
    }
  });

  test('maskText masks the URL and the password in both spellings', () => {
    assert.equal(maskText(`x ${encodeURIComponent(PW)} y ${PW}`, config), 'x •••• y ••••');
  });
});

describe('stream ids', () => {
  test('compare by time, then sequence, not as text', () => {
    assert.ok(compareStreamIds('10-0', '9-5') > 0);
    assert.ok(compareStreamIds('10-2', '10-10') < 0);
    assert.equal(compareStreamIds('0-0', '0-0'), 0);
  });
});
