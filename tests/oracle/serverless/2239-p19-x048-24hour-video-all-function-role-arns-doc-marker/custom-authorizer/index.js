exports.handler=async()=>{}
