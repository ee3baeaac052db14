/** A kubeconfig (reference §1) pointing kubectl at `server`; plain http, `insecure-skip-tls-verify: true`. */
export const kubeconfigFor = (server: string): string =>
  [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: reel',
    '  cluster:',
    `    server: ${server}`,
    '    insecure-skip-tls-verify: true',
    'contexts:',
    '- name: reel',
    '  context: {cluster: reel, user: reel, namespace: default}',
    'current-context: reel',
    'users:',
    '- name: reel',
    '  user: {}',
    '',
  ].join('\n')
