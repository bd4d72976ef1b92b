// Loaded as its own chunk by installElementPlus(); see elementPlus.ts.
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import zhCn from 'element-plus/es/locale/lang/zh-cn'

export { ElementPlus, zhCn }
