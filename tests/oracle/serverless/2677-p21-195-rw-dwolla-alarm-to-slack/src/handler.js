exports.handle = async () => {};
