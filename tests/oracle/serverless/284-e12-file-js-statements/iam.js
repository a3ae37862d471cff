module.exports.statements = () => [
  { Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::js-bucket/*' },
];
