module.exports.main = async () => ({ statusCode: 200 });
