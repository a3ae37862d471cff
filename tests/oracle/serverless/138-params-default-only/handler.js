exports.upload = async () => {};
