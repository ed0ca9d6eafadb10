import assert from 'node:assert';
import {
  submittedCredentials,
  userValidFromInfo,
} from '../../instrumentation/passport-credentials';

describe('submittedCredentials', () => {
  const local = { _usernameField: 'email', _passwordField: 'secret' };

  it('should read the fields the strategy names, the body before the query', () => {
    assert.deepStrictEqual(
      submittedCredentials(local, {
        body: { email: 'a@example.com', secret: 'pw' },
        query: { email: 'other@example.com' },
      }),
      { username: 'a@example.com', password: 'pw' },
    );
    assert.deepStrictEqual(
      submittedCredentials(local, { body: {}, query: { email: 'q@example.com', secret: 'x' } }),
      { username: 'q@example.com', password: 'x' },
    );
  });

  it('should reach nested form fields', () => {
    const nested = { _usernameField: 'user[name]', _passwordField: 'user[pass]' };
    assert.deepStrictEqual(
      submittedCredentials(nested, { body: { user: { name: 'n', pass: 'p' } } }),
      { username: 'n', password: 'p' },
    );
  });

  it('should give nothing when a field is missing or the strategy is not passport-local', () => {
    assert.strictEqual(
      submittedCredentials(local, { body: { email: 'a@example.com' } }),
      undefined,
    );
    assert.strictEqual(
      submittedCredentials(local, { body: { email: '', secret: 'x' } }),
      undefined,
    );
    assert.strictEqual(
      submittedCredentials({}, { body: { username: 'u', password: 'p' } }),
      undefined,
    );
  });
});

describe('userValidFromInfo', () => {
  const cases: Array<[unknown, boolean | undefined]> = [
    [{ message: 'Incorrect username.' }, false],
    [{ message: 'Unknown user alice' }, false],
    [{ message: 'User not found' }, false],
    ['No such user', false],
    [{ message: 'Incorrect password.' }, true],
    ['wrong password', true],
    [{ message: 'Incorrect username or password.' }, undefined],
    [{ message: 'Account locked' }, undefined],
    [{ userValid: true, message: 'Incorrect username.' }, true],
    [{ userValid: 'yes' }, undefined],
    [undefined, undefined],
    [42, undefined],
  ];
  for (const [info, expected] of cases) {
    it(`should read ${JSON.stringify(info)} as ${String(expected)}`, () => {
      assert.strictEqual(userValidFromInfo(info), expected);
    });
  }
});
