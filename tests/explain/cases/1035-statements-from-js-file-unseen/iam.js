module.exports.statements = async ({ resolveVariable }) => [
  { Effect: 'Allow', Action: ['events:PutEvents'], Resource: '*' },
];
