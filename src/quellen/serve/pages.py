from fastapi import APIRouter
router = APIRouter()
def error_page(request, status, title, detail):
    from fastapi.responses import PlainTextResponse
    return PlainTextResponse(detail, status_code=status)
