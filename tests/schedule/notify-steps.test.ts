import {describe, expect, it} from 'vitest'
import {notifySteps} from '../../src/schedule/notify-steps.js'
import {testConfig} from '../support/test-config.js'

describe('the notify steps after a publishing deploy', () => {
  const context = (env: Record<string, string>, transport?: 'smtp' | 'ses') => ({
    config: testConfig(transport ? {email: {from: 'Example Newsroom <newsroom@newsroom.example.com>', transport}} : {}),
    env, releasesDir: 'releases', cwd: '/tmp', log: () => {}
  })
  const names = (env: Record<string, string>, transport?: 'smtp' | 'ses') => notifySteps(context(env, transport)).map((step) => step.name)

  it('should send instant alerts through SES without an SMTP_URL, and say why none go out when no transport is set', () => {
    expect(names({MAIL_TRANSPORT: 'ses'})).toEqual(['instant alerts'])
    expect(names({}, 'ses')).toEqual(['instant alerts'])
    expect(names({SMTP_URL: 'smtp://127.0.0.1:2525'})).toEqual(['instant alerts'])
    expect(names({})).toEqual(['instant alerts (none sent: SMTP_URL is not set; set it, with PRESSROOM_SECRET, to send them)'])
  })
})
